import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";

/** The role names scopes can be bound to, from the user store. */
export async function listRoles(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.apiView);
  const roles = await ctx.db.role.findMany({ orderBy: { name: "asc" } });
  return roles.map((r) => ({ name: r.name, description: r.description, builtIn: r.builtIn }));
}
