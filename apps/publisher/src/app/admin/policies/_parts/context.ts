import "server-only";
import type { OperationContext } from "@portico/platform";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";

/** The operation context of a signed-in admin: every policy page and action starts here. */
export async function adminContext(): Promise<OperationContext> {
  return operationContext(await requireRole("admin"));
}
