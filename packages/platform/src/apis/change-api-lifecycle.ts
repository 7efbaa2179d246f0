import type { ApiState } from "@portico/db";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { notify } from "../notifications/notify";
import { deployOnFirstPublish } from "../revisions/deploy-on-first-publish";
import { readApprovalSettings } from "../workflows/approval-settings";
import { announceWorkflowRequest, openWorkflowRequest } from "../workflows/workflow-request";
import { findChangeableApi } from "./api-access";

export const lifecycleActions = ["publish", "deprecate", "retire", "block", "unblock"] as const;
export type LifecycleAction = (typeof lifecycleActions)[number];

/** The allowed transitions: from state, by action, to state. */
export const lifecycle: Record<ApiState, Partial<Record<LifecycleAction, ApiState>>> = {
  CREATED: { publish: "PUBLISHED" },
  PUBLISHED: { deprecate: "DEPRECATED", block: "BLOCKED" },
  DEPRECATED: { retire: "RETIRED", block: "BLOCKED" },
  BLOCKED: { unblock: "PUBLISHED" },
  RETIRED: {},
};

const input = z.object({ action: z.enum(lifecycleActions) }).strict();

/** Moves an API through its lifecycle, allowed transitions only, each one audited. */
export async function changeApiLifecycle(
  ctx: OperationContext,
  id: string,
  body: unknown,
): Promise<{ state: ApiState; approval?: { id: string; status: string } }> {
  requireScope(ctx.actor, RestScope.apiPublish);
  const { action } = parseInput(input, body);
  const api = await findChangeableApi(ctx.db, ctx.actor, id);
  const next = lifecycle[api.state][action];
  if (!next) {
    const allowed = Object.keys(lifecycle[api.state]);
    throw new AppError(
      "CONFLICT",
      `cannot ${action} an API in state ${api.state}${allowed.length ? ` (allowed: ${allowed.join(", ")})` : ""}`,
      { state: api.state, allowed },
    );
  }
  if (action === "publish") {
    const problems = [
      ...(api.productionEndpoint || api.sandboxEndpoint
        ? []
        : [{ field: "endpoints", message: "publishing needs an endpoint" }]),
      ...(api.resources.length > 0
        ? []
        : [{ field: "resources", message: "publishing needs at least one resource" }]),
    ];
    if (problems.length)
      throw new AppError("VALIDATION_FAILED", problems.map((p) => p.message).join("; "), {
        fields: problems,
      });
  }
  if (action === "publish" && (await readApprovalSettings(ctx.db)).apiPublishing) {
    // The API stays CREATED until an admin approves; one request at a time.
    const waiting = await ctx.db.workflowRequest.findFirst({
      where: { apiId: id, type: "API_PUBLISHING", status: "PENDING" },
    });
    if (waiting)
      throw new AppError("CONFLICT", "publishing this API already waits for approval", {
        approval: waiting.id,
      });
    const request = await openWorkflowRequest(ctx.db, ctx.actor, {
      type: "API_PUBLISHING",
      summary: `${ctx.actor.username} publishes ${api.name} ${api.version}`,
      apiId: id,
    });
    await audit(
      ctx.db,
      ctx.actor,
      "api.lifecycle.publish.requested",
      { type: "api", id },
      { approval: request.id },
    );
    await announceWorkflowRequest(ctx.db, request, ctx.now());
    return { state: api.state, approval: { id: request.id, status: request.status } };
  }
  // Only move from the state we read, so two concurrent changes cannot both apply.
  const { count } = await ctx.db.api.updateMany({ where: { id, state: api.state }, data: { state: next } });
  if (count !== 1) throw new AppError("CONFLICT", "the API changed meanwhile; reload and try again");
  if (action === "publish") await deployOnFirstPublish(ctx, id);
  await audit(
    ctx.db,
    ctx.actor,
    `api.lifecycle.${action}`,
    { type: "api", id },
    { from: api.state, to: next },
  );
  await recordChange(ctx.db, { topic: "api", entityId: id }, ctx.redisUrl);
  if (action === "deprecate") await announceDeprecation(ctx, api);
  return { state: next };
}

/** The owners of applications subscribed to a deprecated API hear of it. */
async function announceDeprecation(
  ctx: OperationContext,
  api: { id: string; name: string; version: string },
) {
  const subscribers = await ctx.db.application.findMany({
    where: { subscriptions: { some: { apiId: api.id } } },
    select: { ownerId: true },
  });
  await notify(
    ctx.db,
    {
      event: "api.deprecated",
      message: `${api.name} ${api.version} is deprecated: plan a move to a newer version`,
      target: { type: "api", id: api.id },
      data: { apiId: api.id, name: api.name, version: api.version },
      recipients: subscribers.map((s) => s.ownerId),
    },
    ctx.now(),
  );
}
