import type { Prisma } from "@portico/db";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { notify } from "../notifications/notify";
import { deployOnFirstPublish } from "../revisions/deploy-on-first-publish";
import { canDecide, toWorkflowView, type WorkflowView, workflowInclude } from "./workflow-request";

export const decideWorkflowRequestInput = z
  .object({
    decision: z.enum(["approve", "reject"]),
    /** shown to the requester */
    comment: z.string().trim().max(1000).optional(),
  })
  .strict();

type Request = Prisma.WorkflowRequestGetPayload<{ include: typeof workflowInclude }>;
type ChangeTopic = "subscription" | "application" | "api";

const changed = (what: string) =>
  new AppError("CONFLICT", `the ${what} changed since the request was made; reject the request instead`);

/** Applies an approval to the waiting object, in the decision's transaction; returns what changed. */
async function applyDecision(
  tx: Prisma.TransactionClient,
  r: Request,
  approve: boolean,
): Promise<{ topic: ChangeTopic; id: string } | null> {
  switch (r.type) {
    case "SUBSCRIPTION_CREATION": {
      if (!r.subscriptionId) throw changed("subscription");
      const { count } = await tx.subscription.updateMany({
        where: { id: r.subscriptionId, state: "ON_HOLD" },
        data: { state: approve ? "ACTIVE" : "REJECTED" },
      });
      if (count !== 1) throw changed("subscription");
      return { topic: "subscription", id: r.subscriptionId };
    }
    case "APPLICATION_CREATION": {
      if (!r.applicationId) throw changed("application");
      const { count } = await tx.application.updateMany({
        where: { id: r.applicationId, status: "PENDING" },
        data: { status: approve ? "ACTIVE" : "REJECTED" },
      });
      if (count !== 1) throw changed("application");
      return { topic: "application", id: r.applicationId };
    }
    case "APPLICATION_TIER_CHANGE": {
      if (!r.applicationId) throw changed("application");
      if (!approve) return null;
      const tier = r.requestedTier
        ? await tx.throttlingTier.findUnique({
            where: { name_level: { name: r.requestedTier, level: "APPLICATION" } },
          })
        : null;
      if (r.requestedTier && !tier) throw changed("application tier");
      await tx.application.update({
        where: { id: r.applicationId },
        data: { throttlingTierId: tier?.id ?? null },
      });
      return { topic: "application", id: r.applicationId };
    }
    case "API_PUBLISHING": {
      if (!r.apiId) throw changed("API");
      if (!approve) return null;
      const api = await tx.api.findUnique({
        where: { id: r.apiId },
        include: { resources: { select: { id: true } } },
      });
      if (!api || (!api.productionEndpoint && !api.sandboxEndpoint) || api.resources.length === 0)
        throw changed("API");
      // only from the state it waited in: a publisher who moved it meanwhile wins
      const { count } = await tx.api.updateMany({
        where: { id: r.apiId, state: "CREATED" },
        data: { state: "PUBLISHED" },
      });
      if (count !== 1) throw changed("API");
      return { topic: "api", id: r.apiId };
    }
    default:
      throw new AppError("CONFLICT", `unknown request type ${r.type}`);
  }
}

/**
 * Approves or rejects a pending request. Exactly one decision wins: the request moves out of
 * PENDING only from PENDING, in the same transaction as its effect, and a decided request is
 * 409 for everyone after.
 */
export async function decideWorkflowRequest(
  ctx: OperationContext,
  id: string,
  body: unknown,
): Promise<WorkflowView> {
  requireScope(ctx.actor, RestScope.apiPublish);
  const { decision, comment } = parseInput(decideWorkflowRequestInput, body);
  const request = await ctx.db.workflowRequest.findUnique({ where: { id }, include: workflowInclude });
  if (!request || !canDecide(ctx.actor, request)) throw notFound("approval request");
  const approve = decision === "approve";
  const alreadyDecided = () =>
    new AppError("CONFLICT", "the request was already decided", { status: request.status });
  if (request.status !== "PENDING") throw alreadyDecided();
  const now = ctx.now();
  const effect = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.workflowRequest.updateMany({
      where: { id, status: "PENDING" },
      data: {
        status: approve ? "APPROVED" : "REJECTED",
        comment: comment || null,
        decidedById: ctx.actor.userId,
        decidedAt: now,
      },
    });
    if (count !== 1) throw alreadyDecided();
    return applyDecision(tx, request, approve);
  });
  const decided = await ctx.db.workflowRequest.findUniqueOrThrow({ where: { id }, include: workflowInclude });
  await audit(
    ctx.db,
    ctx.actor,
    `workflow.${decision}`,
    { type: "workflow", id },
    { type: request.type, summary: request.summary, ...(comment ? { comment } : {}) },
  );
  // an approved publish is a publish: a never-deployed API is deployed as it was approved
  if (approve && request.type === "API_PUBLISHING" && effect) await deployOnFirstPublish(ctx, effect.id);
  if (effect) await recordChange(ctx.db, { topic: effect.topic, entityId: effect.id }, ctx.redisUrl);
  const verdict = approve ? "approved" : "rejected";
  await notify(
    ctx.db,
    {
      event: "approval.decided",
      message: `${request.summary}: ${verdict}${comment ? ` (${comment})` : ""}`,
      target: { type: "workflow", id },
      data: { workflowId: id, type: request.type, status: decided.status, comment: decided.comment },
      recipients: request.requesterId ? [request.requesterId] : [],
    },
    now,
  );
  return toWorkflowView(decided);
}
