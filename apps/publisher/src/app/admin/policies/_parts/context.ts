import "server-only";
import type { OperationContext, Principal } from "@portico/platform";
import { requireRole } from "@/server/auth";
import { db, settings } from "@/server/db";

/** The operation context of a signed-in admin: every policy page and action starts here. */
export async function adminContext(): Promise<OperationContext> {
  return contextFor(await requireRole("admin"));
}

export function contextFor(actor: Principal): OperationContext {
  return {
    db,
    actor,
    redisUrl: settings.REDIS_URL,
    gatewayUrl: settings.gatewayUrl,
    issuer: settings.PORTICO_ISSUER,
  };
}
