import "server-only";
import type { OperationContext, Principal } from "@portico/platform";
import { db, settings } from "./db";
import { issueApplicationToken } from "./token-issuer";

export function operationContext(actor: Principal): OperationContext {
  return {
    db,
    actor,
    redisUrl: settings.REDIS_URL,
    gatewayUrl: settings.gatewayUrl,
    issuer: settings.PORTICO_ISSUER,
    issueApplicationToken,
  };
}

export { type FormState, formAction } from "@portico/platform";
