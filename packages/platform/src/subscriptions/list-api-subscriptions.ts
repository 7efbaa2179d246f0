import { findVisibleApi } from "../apis/api-access";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";

/** Who is subscribed to one of my APIs, with which tier and state. */
export async function listApiSubscriptions(ctx: OperationContext, apiId: string) {
  requireScope(ctx.actor, RestScope.apiView);
  await findVisibleApi(ctx.db, ctx.actor, apiId);
  const rows = await ctx.db.subscription.findMany({
    where: { apiId },
    include: { application: { include: { owner: { select: { username: true } } } }, tier: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((s) => ({
    id: s.id,
    state: s.state,
    tier: s.tier.name,
    application: { id: s.application.id, name: s.application.name, owner: s.application.owner.username },
    createdAt: s.createdAt.toISOString(),
  }));
}
