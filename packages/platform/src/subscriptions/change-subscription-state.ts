import { z } from "zod";
import { canChangeApi, canSeeApi } from "../apis/api-access";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { notify } from "../notifications/notify";

const input = z.object({ action: z.enum(["block", "block_production", "unblock"]) }).strict();

/** A publisher blocks or unblocks a subscription to one of their APIs; the gateway follows within seconds. */
export async function changeSubscriptionState(ctx: OperationContext, subscriptionId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.apiPublish);
  const { action } = parseInput(input, body);
  const sub = await ctx.db.subscription.findUnique({
    where: { id: subscriptionId },
    include: { api: true, application: true },
  });
  if (!sub || !canSeeApi(ctx.actor, sub.api) || !canChangeApi(ctx.actor, sub.api))
    throw notFound("subscription");
  // A subscription waiting for approval (or rejected) is decided in the approvals inbox, never
  // unblocked into ACTIVE here.
  if (sub.state === "ON_HOLD" || sub.state === "REJECTED")
    throw new AppError(
      "CONFLICT",
      sub.state === "ON_HOLD"
        ? "the subscription waits for approval: approve or reject it in the approvals inbox"
        : "the subscription was rejected",
      { state: sub.state },
    );
  const state =
    action === "block" ? "BLOCKED" : action === "block_production" ? "PROD_ONLY_BLOCKED" : "ACTIVE";
  const { count } = await ctx.db.subscription.updateMany({
    where: { id: sub.id, state: { notIn: ["ON_HOLD", "REJECTED"] } },
    data: { state },
  });
  if (count !== 1) throw new AppError("CONFLICT", "the subscription changed meanwhile; reload and try again");
  await audit(
    ctx.db,
    ctx.actor,
    `subscription.${action}`,
    { type: "subscription", id: sub.id },
    { from: sub.state, to: state },
  );
  await recordChange(ctx.db, { topic: "subscription", entityId: sub.id }, ctx.redisUrl);
  if (action !== "unblock" && sub.state !== state)
    await notify(
      ctx.db,
      {
        event: "subscription.blocked",
        message: `${sub.application.name}'s subscription to ${sub.api.name} ${sub.api.version} was blocked${
          state === "PROD_ONLY_BLOCKED" ? " for production keys" : ""
        }`,
        target: { type: "subscription", id: sub.id },
        data: { subscriptionId: sub.id, applicationId: sub.applicationId, apiId: sub.apiId, state },
        recipients: [sub.application.ownerId],
      },
      ctx.now(),
    );
  return { id: sub.id, state };
}
