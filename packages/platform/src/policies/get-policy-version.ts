import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { notFound } from "../errors";
import { findPolicy, versionView } from "./policy-view";

/** One stored version with its document. */
export async function getPolicyVersion(ctx: OperationContext, id: string, version: number) {
  requireScope(ctx.actor, RestScope.admin);
  const policy = await findPolicy(ctx.db, id);
  const row = Number.isInteger(version)
    ? await ctx.db.xacmlPolicyVersion.findUnique({ where: { policyId_version: { policyId: id, version } } })
    : null;
  if (!row) throw notFound(`version ${version} of the policy`);
  return versionView(row, policy.currentVersion);
}
