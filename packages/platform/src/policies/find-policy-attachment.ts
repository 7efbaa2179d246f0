import type { OperationContext } from "../context";
import { notFound } from "../errors";

/** One attachment of the policy named in the path; another policy's is 404. */
export async function findPolicyAttachment(ctx: OperationContext, policyId: string, attachmentId: string) {
  const row = await ctx.db.xacmlPolicyAttachment.findUnique({ where: { id: attachmentId } });
  if (!row || row.policyId !== policyId) throw notFound("attachment");
  return row;
}
