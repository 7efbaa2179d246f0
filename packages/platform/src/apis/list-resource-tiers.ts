import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";

/** The throttling tiers a resource may carry (level API), for the publisher's resource editor. */
export async function listResourceTiers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.apiView);
  const rows = await ctx.db.throttlingTier.findMany({
    where: { level: "API" },
    orderBy: [{ unlimited: "asc" }, { requestCount: "asc" }, { name: "asc" }],
  });
  return rows.map((t) => ({
    name: t.name,
    requestCount: t.requestCount,
    unitSeconds: t.unitSeconds,
    unlimited: t.unlimited,
  }));
}
