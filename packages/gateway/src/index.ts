/**
 * @portico/gateway: the API gateway service. `startGateway` runs it in-process (tests, one
 * process); `src/main.ts` is the service entry point.
 */
export { startGateway, type GatewayOptions, type RunningGateway } from "./start-gateway";
export { GatewayError, type GatewayErrorCode } from "./errors";
export { MemoryCounterStore, type CounterStore, type CounterHit } from "./throttling/counter-store";
export { RedisCounterStore } from "./throttling/redis-counter-store";
export { backendJwtClaims } from "./backend-jwt/create-backend-jwt";
