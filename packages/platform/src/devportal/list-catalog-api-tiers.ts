import type { OperationContext } from "../context";
import { getCatalogApi } from "./catalog";

/**
 * The subscription tiers an API offers, with their quotas, for whoever may see the API: a
 * developer chooses a tier by what it allows, not by its name.
 */
export async function listCatalogApiTiers(ctx: OperationContext, apiId: string) {
  const api = await getCatalogApi(ctx, apiId);
  const rows = await ctx.db.throttlingTier.findMany({
    where: { level: "SUBSCRIPTION", name: { in: api.tiers } },
    orderBy: [{ unlimited: "asc" }, { requestCount: "asc" }, { name: "asc" }],
  });
  return rows.map((t) => ({
    name: t.name,
    description: t.description,
    requestCount: t.requestCount,
    unitSeconds: t.unitSeconds,
    burst: t.burst,
    unlimited: t.unlimited,
  }));
}
