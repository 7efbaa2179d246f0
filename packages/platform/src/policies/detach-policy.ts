import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { findPolicyAttachment } from "./find-policy-attachment";

/** Detaches a policy from an API or resource: the gateway stops enforcing it there. */
export async function detachPolicy(ctx: OperationContext, policyId: string, attachmentId: string) {
  requireScope(ctx.actor, RestScope.admin);
  const row = await findPolicyAttachment(ctx, policyId, attachmentId);
  await ctx.db.xacmlPolicyAttachment.delete({ where: { id: attachmentId } });
  await audit(
    ctx.db,
    ctx.actor,
    "policy.detach",
    { type: "policy", id: policyId },
    { attachmentId, apiId: row.apiId, resourceId: row.resourceId },
  );
  await recordChange(ctx.db, { topic: "policy", entityId: policyId }, ctx.redisUrl);
}
