import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { subscriptionNeedsApproval } from "../workflows/approval-settings";
import { announceWorkflowRequest, openWorkflowRequest } from "../workflows/workflow-request";
import { canDiscoverApi, findOwnApplication } from "./application-access";

const input = z
  .object({ applicationId: z.string().min(1), apiId: z.string().min(1), tier: z.string().min(1) })
  .strict();

function view(s: {
  id: string;
  state: string;
  createdAt: Date;
  tier: { name: string };
  api: { id: string; name: string; version: string; context: string };
  application: { id: string; name: string };
  workflowRequests?: Array<{ id: string; status: string; comment: string | null }>;
}) {
  const approval = s.workflowRequests?.[0];
  return {
    id: s.id,
    state: s.state,
    /** the approval this subscription went through, if it needed one: its state and the approver's comment */
    approval: approval ? { id: approval.id, status: approval.status, comment: approval.comment } : null,
    tier: s.tier.name,
    api: { id: s.api.id, name: s.api.name, version: s.api.version, context: s.api.context },
    application: { id: s.application.id, name: s.application.name },
    createdAt: s.createdAt.toISOString(),
  };
}
const include = {
  tier: true,
  api: true,
  application: true,
  workflowRequests: { orderBy: { createdAt: "desc" }, take: 1 },
} as const;

/** Subscribes one of my applications to a published API with one of the tiers it offers. */
export async function subscribe(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.subscribe);
  const data = parseInput(input, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, data.applicationId);
  if (app.status === "PENDING" || app.status === "REJECTED")
    throw new AppError(
      "CONFLICT",
      app.status === "PENDING"
        ? `${app.name} waits for approval; it can subscribe once approved`
        : `${app.name} was rejected; it cannot subscribe`,
      { status: app.status },
    );
  const api = await ctx.db.api.findUnique({
    where: { id: data.apiId },
    include: { tiers: { include: { tier: true } } },
  });
  if (!api || !canDiscoverApi(ctx.actor, api)) throw notFound("API");
  if (api.state !== "PUBLISHED")
    throw new AppError("CONFLICT", `the API is ${api.state.toLowerCase()}; new subscriptions are closed`);
  const tier = api.tiers.find((t) => t.tier.name === data.tier)?.tier;
  if (!tier) {
    throw new AppError("VALIDATION_FAILED", `the API does not offer the ${data.tier} tier`, {
      fields: [{ field: "tier", message: `choose one of: ${api.tiers.map((t) => t.tier.name).join(", ")}` }],
    });
  }
  if (
    await ctx.db.subscription.findUnique({
      where: { applicationId_apiId: { applicationId: app.id, apiId: api.id } },
    })
  ) {
    throw new AppError("CONFLICT", `${app.name} is already subscribed to ${api.name} ${api.version}`);
  }
  // With approval required the subscription waits ON_HOLD (the gateway refuses it) until the
  // API's owner decides; the request is stored with it, so neither exists without the other.
  const held = await subscriptionNeedsApproval(ctx.db, api.id, tier.name);
  const { sub, request } = await ctx.db.$transaction(async (tx) => {
    const sub = await tx.subscription.create({
      data: { applicationId: app.id, apiId: api.id, tierId: tier.id, state: held ? "ON_HOLD" : "ACTIVE" },
      include,
    });
    const request = held
      ? await openWorkflowRequest(tx, ctx.actor, {
          type: "SUBSCRIPTION_CREATION",
          summary: `${app.name} subscribes to ${api.name} ${api.version} (${tier.name})`,
          subscriptionId: sub.id,
          applicationId: app.id,
          apiId: api.id,
        })
      : null;
    return { sub, request };
  });
  await audit(
    ctx.db,
    ctx.actor,
    "subscription.create",
    { type: "subscription", id: sub.id },
    { application: app.name, api: `${api.name} ${api.version}`, tier: tier.name, state: sub.state },
  );
  await recordChange(ctx.db, { topic: "subscription", entityId: sub.id }, ctx.redisUrl);
  if (request) await announceWorkflowRequest(ctx.db, request, ctx.now());
  return view({ ...sub, workflowRequests: request ? [request] : [] });
}

export async function listSubscriptions(ctx: OperationContext, filter: { applicationId?: string } = {}) {
  requireScope(ctx.actor, RestScope.subscribe);
  const rows = await ctx.db.subscription.findMany({
    where: {
      application: { ownerId: ctx.actor.userId },
      ...(filter.applicationId ? { applicationId: filter.applicationId } : {}),
    },
    include,
    orderBy: { createdAt: "asc" },
  });
  return rows.map(view);
}

const blockedByPublisher = (state: string) =>
  new AppError(
    "CONFLICT",
    state === "PROD_ONLY_BLOCKED"
      ? "the API's publisher blocked this subscription for production keys; only they can lift the block"
      : "the API's publisher blocked this subscription; only they can lift the block",
    { state },
  );

/** Removes one of my subscriptions; a blocked one stays (409) until the publisher lifts the block. */
export async function unsubscribe(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.subscribe);
  const sub = await ctx.db.subscription.findUnique({ where: { id }, include });
  if (!sub || sub.application.ownerId !== ctx.actor.userId) throw notFound("subscription");
  // A block is the API owner's decision: removing the subscription and subscribing again would
  // lift it, so a blocked subscription stays until the API's owner or an admin unblocks it.
  // A subscription waiting for approval may be withdrawn, and a rejected one removed.
  const removable = ["ACTIVE", "ON_HOLD", "REJECTED"] as const;
  if (!(removable as readonly string[]).includes(sub.state)) throw blockedByPublisher(sub.state);
  const { count } = await ctx.db.subscription.deleteMany({ where: { id, state: { in: [...removable] } } });
  if (count === 0) throw blockedByPublisher("BLOCKED");
  await audit(
    ctx.db,
    ctx.actor,
    "subscription.delete",
    { type: "subscription", id },
    { application: sub.application.name, api: sub.api.name },
  );
  await recordChange(ctx.db, { topic: "subscription", entityId: id }, ctx.redisUrl);
}
