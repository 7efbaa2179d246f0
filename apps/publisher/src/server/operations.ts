import "server-only";
import { lazyMasterKeyring } from "@portico/crypto";
import {
  buildOperationContext,
  type OperationContext,
  type PlatformSetup,
  type Principal,
} from "@portico/platform";
import { db, settings } from "./db";

/** What the publisher's pages, server actions and REST API share: the one place its contexts come from. */
export const platformSetup: PlatformSetup = {
  db,
  issuer: settings.PORTICO_ISSUER,
  gatewayUrl: settings.gatewayUrl,
  redisUrl: settings.REDIS_URL,
  keyring: lazyMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY),
};

export function operationContext(actor: Principal): OperationContext {
  return buildOperationContext(platformSetup, actor);
}

export { type FormState, formAction } from "@portico/platform";
