import "server-only";
import {
  buildOperationContext,
  type OperationContext,
  type PlatformSetup,
  type Principal,
} from "@portico/platform";
import { db, settings } from "./db";
import { issueApplicationToken } from "./token-issuer";

/** What the developer portal's pages, server actions and REST API share: the one place its contexts come from. */
export const platformSetup: PlatformSetup = {
  db,
  issuer: settings.PORTICO_ISSUER,
  gatewayUrl: settings.gatewayUrl,
  redisUrl: settings.REDIS_URL,
  issueApplicationToken,
};

export function operationContext(actor: Principal): OperationContext {
  return buildOperationContext(platformSetup, actor);
}

export { type FormState, formAction } from "@portico/platform";
