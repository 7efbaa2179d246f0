import "server-only";
import type { OperationContext, Principal } from "@portico/platform";
import { db, settings } from "./db";

export function operationContext(actor: Principal): OperationContext {
  return {
    db,
    actor,
    redisUrl: settings.REDIS_URL,
    gatewayUrl: settings.gatewayUrl,
    issuer: settings.PORTICO_ISSUER,
  };
}

export { type FormState, formAction } from "@portico/platform";
