import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { toKeyManagerView } from "./key-manager-view";

/** Every key manager, the resident one included, by name. */
export async function listKeyManagers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return (await ctx.db.keyManager.findMany({ orderBy: { name: "asc" } })).map(toKeyManagerView);
}
