import { z } from "zod";
import { canChangeApi, canSeeApi } from "../apis/api-access";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { notFound, parseInput } from "../errors";

const input = z.object({ action: z.enum(["block", "block_production", "unblock"]) }).strict();

/** A publisher blocks or unblocks a subscription to one of their APIs; the gateway follows within seconds. */
export async function changeSubscriptionState(ctx: OperationContext, subscriptionId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.apiPublish);
  const { action } = parseInput(input, body);
  const sub = await ctx.db.subscription.findUnique({ where: { id: subscriptionId }, include: { api: true } });
  if (!sub || !canSeeApi(ctx.actor, sub.api) || !canChangeApi(ctx.actor, sub.api))
    throw notFound("subscription");
  const state =
    action === "block" ? "BLOCKED" : action === "block_production" ? "PROD_ONLY_BLOCKED" : "ACTIVE";
  await ctx.db.subscription.update({ where: { id: sub.id }, data: { state } });
  await audit(
    ctx.db,
    ctx.actor,
    `subscription.${action}`,
    { type: "subscription", id: sub.id },
    { from: sub.state, to: state },
  );
  await recordChange(ctx.db, { topic: "subscription", entityId: sub.id }, ctx.redisUrl);
  return { id: sub.id, state };
}
