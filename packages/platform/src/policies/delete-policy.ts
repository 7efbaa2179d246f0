import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound } from "../errors";

/**
 * Deletes a policy with all its versions. Refused while it is attached: deleting would silently
 * lift the authorization it enforces (detaching first makes that an explicit act).
 */
export async function deletePolicy(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await ctx.db.xacmlPolicy.findUnique({
    where: { id },
    include: { _count: { select: { attachments: true } } },
  });
  if (!existing) throw notFound("policy");
  if (existing._count.attachments > 0) {
    throw new AppError(
      "CONFLICT",
      `the policy is attached to ${existing._count.attachments} API(s) or resource(s): detach it first`,
      { attachments: existing._count.attachments },
    );
  }
  await ctx.db.xacmlPolicy.delete({ where: { id } });
  await audit(ctx.db, ctx.actor, "policy.delete", { type: "policy", id }, { name: existing.name });
  await recordChange(ctx.db, { topic: "policy", entityId: id }, ctx.redisUrl);
}
