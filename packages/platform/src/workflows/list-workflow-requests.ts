import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { notFound, parseInput } from "../errors";
import {
  canDecide,
  decidableWhere,
  toWorkflowView,
  type WorkflowView,
  workflowInclude,
  workflowStatuses,
  workflowTypes,
} from "./workflow-request";

const listInput = z
  .object({ status: z.enum(workflowStatuses).optional(), type: z.enum(workflowTypes).optional() })
  .strict();

/**
 * The approvals inbox: the requests the caller may decide (an API owner's subscriptions; every
 * request for an admin), newest first; `status=PENDING` for what still waits.
 */
export async function listApprovalInbox(
  ctx: OperationContext,
  query: Record<string, string> = {},
): Promise<WorkflowView[]> {
  requireScope(ctx.actor, RestScope.apiPublish);
  const filter = parseInput(listInput, query);
  const rows = await ctx.db.workflowRequest.findMany({
    where: { AND: [decidableWhere(ctx.actor), filter] },
    include: workflowInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return rows.map(toWorkflowView);
}

/** One request of the caller's inbox (404 when it is not theirs to decide). */
export async function getApprovalRequest(ctx: OperationContext, id: string): Promise<WorkflowView> {
  requireScope(ctx.actor, RestScope.apiPublish);
  const row = await ctx.db.workflowRequest.findUnique({ where: { id }, include: workflowInclude });
  if (!row || !canDecide(ctx.actor, row)) throw notFound("approval request");
  return toWorkflowView(row);
}

/** The requests I made (subscriptions, applications, tier changes) with their state and the approver's comment. */
export async function listMyWorkflowRequests(
  ctx: OperationContext,
  query: Record<string, string> = {},
): Promise<WorkflowView[]> {
  requireScope(ctx.actor, RestScope.subscribe);
  const filter = parseInput(listInput, query);
  const rows = await ctx.db.workflowRequest.findMany({
    where: { requesterId: ctx.actor.userId, ...filter },
    include: workflowInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return rows.map(toWorkflowView);
}
