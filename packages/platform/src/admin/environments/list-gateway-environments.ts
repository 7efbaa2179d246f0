import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { toEnvironmentView } from "./environment-view";

/**
 * Every gateway environment. Publishers list them too (they choose where to deploy, with
 * `api_view`); the admin API lists them under its own scope.
 */
export async function listGatewayEnvironments(
  ctx: OperationContext,
  scope: typeof RestScope.apiView | typeof RestScope.admin = RestScope.apiView,
) {
  requireScope(ctx.actor, scope);
  const rows = await ctx.db.gatewayEnvironment.findMany({ orderBy: { name: "asc" } });
  return rows.map(toEnvironmentView);
}
