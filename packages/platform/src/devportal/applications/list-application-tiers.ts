import { z } from "zod";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";

const applicationTierView = z.object({ name: z.string(), description: z.string() });

/** The application tiers a developer may choose among, with their limits in words. */
export async function listApplicationTiers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.appManage);
  const tiers = await ctx.db.throttlingTier.findMany({
    where: { level: "APPLICATION" },
    orderBy: { name: "asc" },
  });
  return tiers.map((t) =>
    applicationTierView.parse({
      name: t.name,
      description: t.unlimited
        ? "unlimited"
        : `${t.requestCount} requests per ${t.unitSeconds === 60 ? "minute" : `${t.unitSeconds} s`}`,
    }),
  );
}
