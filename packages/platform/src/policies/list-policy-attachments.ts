import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { attachmentInclude, attachmentView, findPolicy } from "./policy-view";

/** Where a policy is enforced: APIs and single resources. */
export async function listPolicyAttachments(ctx: OperationContext, policyId: string) {
  requireScope(ctx.actor, RestScope.admin);
  await findPolicy(ctx.db, policyId);
  const rows = await ctx.db.xacmlPolicyAttachment.findMany({
    where: { policyId },
    include: attachmentInclude,
    orderBy: { createdAt: "asc" },
  });
  return rows.map(attachmentView);
}
