import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { toTierView } from "./tier-view";

/** Every throttling tier, by level then name. */
export async function listTiers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return (await ctx.db.throttlingTier.findMany({ orderBy: [{ level: "asc" }, { name: "asc" }] })).map(
    toTierView,
  );
}
