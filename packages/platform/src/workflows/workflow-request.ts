import type { Db, Prisma } from "@portico/db";
import type { Principal } from "../auth/principal";
import { isAdmin } from "../auth/principal";
import { adminIds, notify } from "../notifications/notify";

export const workflowTypes = [
  "SUBSCRIPTION_CREATION",
  "APPLICATION_CREATION",
  "APPLICATION_TIER_CHANGE",
  "API_PUBLISHING",
] as const;
export type WorkflowType = (typeof workflowTypes)[number];
export const workflowStatuses = ["PENDING", "APPROVED", "REJECTED"] as const;

type Tx = Prisma.TransactionClient | Db;

export const workflowInclude = {
  requester: { select: { username: true } },
  decidedBy: { select: { username: true } },
  api: { select: { id: true, name: true, version: true, ownerId: true } },
} as const;
type WorkflowRow = Prisma.WorkflowRequestGetPayload<{ include: typeof workflowInclude }>;

/** A request as approvers and its requester see it. */
export function toWorkflowView(r: WorkflowRow) {
  return {
    id: r.id,
    type: r.type,
    status: r.status,
    summary: r.summary,
    comment: r.comment,
    requester: r.requester?.username ?? null,
    decidedBy: r.decidedBy?.username ?? null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    subscriptionId: r.subscriptionId,
    applicationId: r.applicationId,
    apiId: r.apiId,
    requestedTier: r.requestedTier,
  };
}
export type WorkflowView = ReturnType<typeof toWorkflowView>;

/** Who may decide: subscriptions are the API owner's (and admins'), everything else the admins'. */
export function canDecide(
  actor: Principal,
  r: { type: string; api: { ownerId: string | null } | null },
): boolean {
  if (isAdmin(actor)) return true;
  return r.type === "SUBSCRIPTION_CREATION" && r.api?.ownerId != null && r.api.ownerId === actor.userId;
}

/** The requests an actor may decide, as a query filter. */
export function decidableWhere(actor: Principal): Prisma.WorkflowRequestWhereInput {
  return isAdmin(actor) ? {} : { type: "SUBSCRIPTION_CREATION", api: { ownerId: actor.userId } };
}

/** The users who hear that a request waits: the API's owner for a subscription (else admins). */
async function approversOf(db: Db, type: WorkflowType, apiOwnerId: string | null): Promise<string[]> {
  if (type === "SUBSCRIPTION_CREATION" && apiOwnerId) return [apiOwnerId];
  return adminIds(db);
}

/**
 * Stores a pending request (inside the caller's transaction, with the waiting object) and
 * returns it; `announceWorkflowRequest` then tells the approvers, once the transaction holds.
 */
export async function openWorkflowRequest(
  tx: Tx,
  actor: Principal,
  data: {
    type: WorkflowType;
    summary: string;
    subscriptionId?: string;
    applicationId?: string;
    apiId?: string;
    requestedTier?: string | null;
  },
) {
  return tx.workflowRequest.create({
    data: { ...data, requesterId: actor.userId || null },
    include: workflowInclude,
  });
}

export async function announceWorkflowRequest(db: Db, request: WorkflowRow, now: Date): Promise<void> {
  await notify(
    db,
    {
      event: "approval.requested",
      message: `Approval requested: ${request.summary}`,
      target: { type: "workflow", id: request.id },
      data: { workflowId: request.id, type: request.type, summary: request.summary },
      recipients: await approversOf(db, request.type as WorkflowType, request.api?.ownerId ?? null),
    },
    now,
  );
}
