import "server-only";
import {
  buildOperationContext,
  type OperationContext,
  type PlatformSetup,
  type Principal,
} from "@portico/platform";
import { db, settings } from "./db";
import { masterKeyring } from "./keyring";

/** What the publisher's pages, server actions and REST API share: the one place its contexts come from. */
export const platformSetup: PlatformSetup = {
  db,
  issuer: settings.PORTICO_ISSUER,
  gatewayUrl: settings.gatewayUrl,
  redisUrl: settings.REDIS_URL,
  keyring: masterKeyring,
};

export function operationContext(actor: Principal): OperationContext {
  return buildOperationContext(platformSetup, actor);
}

export { type FormState, formAction } from "@portico/platform";
