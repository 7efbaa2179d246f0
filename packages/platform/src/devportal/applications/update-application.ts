import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { changedFields, partialUpdateInput } from "../../update-input";
import { readApprovalSettings } from "../../workflows/approval-settings";
import { announceWorkflowRequest, openWorkflowRequest } from "../../workflows/workflow-request";
import { findOwnApplication } from "../application-access";
import { applicationFields, applicationTierId, refuseTakenName, toApplicationView } from "./application-view";

/** A partial update: each field omitted stays (no creation defaults are applied). */
export const updateApplicationInput = partialUpdateInput(applicationFields);

export async function updateApplication(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(updateApplicationInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, id);
  if (data.name && data.name !== app.name) await refuseTakenName(ctx, data.name);
  const tierId = data.tier === undefined ? undefined : await applicationTierId(ctx, data.tier);
  // With approval required a tier change waits for an admin: the old tier stays in force, the
  // other fields of the same update apply now.
  const heldTier =
    tierId !== undefined &&
    tierId !== app.throttlingTierId &&
    (await readApprovalSettings(ctx.db)).applicationTierChange;
  if (
    heldTier &&
    (await ctx.db.workflowRequest.findFirst({
      where: { applicationId: id, type: "APPLICATION_TIER_CHANGE", status: "PENDING" },
    }))
  )
    throw new AppError("CONFLICT", "a tier change of this application already waits for approval", {
      fields: [{ field: "tier", message: "a change waits for approval" }],
    });
  const { updated, request } = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.application.update({
      where: { id },
      data: {
        name: data.name,
        description: data.description,
        tokenType: data.tokenType,
        defaultValidity: data.defaultValidity,
        throttlingTierId: heldTier ? undefined : tierId,
      },
      include: { throttlingTier: true },
    });
    const request = heldTier
      ? await openWorkflowRequest(tx, ctx.actor, {
          type: "APPLICATION_TIER_CHANGE",
          summary: `${updated.name} changes its tier from ${app.throttlingTier?.name ?? "none"} to ${data.tier}`,
          applicationId: id,
          requestedTier: data.tier,
        })
      : null;
    return { updated, request };
  });
  const after = toApplicationView(updated);
  await audit(
    ctx.db,
    ctx.actor,
    "application.update",
    { type: "application", id },
    { fields: changedFields(toApplicationView(app), after, Object.keys(updateApplicationInput.shape)) },
  );
  await recordChange(ctx.db, { topic: "application", entityId: id }, ctx.redisUrl);
  if (request) await announceWorkflowRequest(ctx.db, request, ctx.now());
  return after;
}
