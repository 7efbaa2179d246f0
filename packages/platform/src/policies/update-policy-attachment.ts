import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";
import { onNotApplicable } from "./attach-policy";
import { findPolicyAttachment } from "./find-policy-attachment";
import { attachmentInclude, attachmentView } from "./policy-view";

export const updateAttachmentInput = z.object({ onNotApplicable }).strict();

/** Changes what the gateway does on NotApplicable for one attachment. */
export async function updatePolicyAttachment(
  ctx: OperationContext,
  policyId: string,
  attachmentId: string,
  body: unknown,
) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await findPolicyAttachment(ctx, policyId, attachmentId);
  const input = parseInput(updateAttachmentInput, body);
  const row = await ctx.db.xacmlPolicyAttachment.update({
    where: { id: attachmentId },
    data: { onNotApplicable: input.onNotApplicable },
    include: attachmentInclude,
  });
  await audit(
    ctx.db,
    ctx.actor,
    "policy.attachment.update",
    { type: "policy", id: policyId },
    {
      attachmentId,
      onNotApplicable: input.onNotApplicable,
      fields: existing.onNotApplicable === input.onNotApplicable ? [] : ["onNotApplicable"],
    },
  );
  await recordChange(ctx.db, { topic: "policy", entityId: policyId }, ctx.redisUrl);
  return attachmentView(row);
}
