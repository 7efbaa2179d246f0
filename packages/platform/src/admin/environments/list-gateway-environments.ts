import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { toEnvironmentView } from "./environment-view";

/** Every gateway environment. Publishers list them too: they choose where to deploy. */
export async function listGatewayEnvironments(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.apiView);
  const rows = await ctx.db.gatewayEnvironment.findMany({ orderBy: { name: "asc" } });
  return rows.map(toEnvironmentView);
}
