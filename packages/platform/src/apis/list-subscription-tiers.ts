import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";

/**
 * The subscription tiers an API can offer, for the publisher's form (the admin's `listTiers`
 * needs the admin scope and shows every level).
 */
export async function listSubscriptionTiers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.apiView);
  const rows = await ctx.db.throttlingTier.findMany({
    where: { level: "SUBSCRIPTION" },
    orderBy: [{ unlimited: "asc" }, { requestCount: "asc" }, { name: "asc" }],
  });
  return rows.map((t) => ({
    name: t.name,
    description: t.description,
    requestCount: t.requestCount,
    unitSeconds: t.unitSeconds,
    unlimited: t.unlimited,
  }));
}
