import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, notFound } from "../../errors";

/** Deletes a tier that no subscription uses. */
export async function deleteTier(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await ctx.db.throttlingTier.findUnique({
    where: { id },
    include: { _count: { select: { subscriptions: true } } },
  });
  if (!existing) throw notFound("tier");
  if (existing._count.subscriptions > 0)
    throw new AppError("CONFLICT", `${existing._count.subscriptions} subscription(s) use this tier`);
  await ctx.db.throttlingTier.delete({ where: { id } });
  await audit(ctx.db, ctx.actor, "tier.delete", { type: "tier", id }, { name: existing.name });
  await recordChange(ctx.db, { topic: "tier", entityId: id }, ctx.redisUrl);
}
