import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { findPolicy, versionView } from "./policy-view";

/** Every stored version of a policy, newest first, without their documents. */
export async function listPolicyVersions(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const policy = await findPolicy(ctx.db, id);
  const rows = await ctx.db.xacmlPolicyVersion.findMany({
    where: { policyId: id },
    orderBy: { version: "desc" },
    select: { version: true, createdBy: true, createdAt: true },
  });
  return rows.map((v) => versionView(v, policy.currentVersion));
}
