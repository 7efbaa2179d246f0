/**
 * @portico/gateway: the API gateway service. `startGateway` runs it in-process (tests, one
 * process); `src/main.ts` is the service entry point.
 */

export { backendJwtClaims } from "./backend-jwt/create-backend-jwt";
export { GatewayError, type GatewayErrorCode } from "./errors";
export { type GatewayOptions, type RunningGateway, startGateway } from "./start-gateway";
export { type CounterHit, type CounterStore, MemoryCounterStore } from "./throttling/counter-store";
export { RedisCounterStore } from "./throttling/redis-counter-store";
