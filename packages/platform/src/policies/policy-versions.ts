import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { notFound, parseInput } from "../errors";
import { compilePolicy } from "./compile-policy";
import { policyContent } from "./policies";
import { findPolicy, policyView, versionView } from "./policy-view";

export const createPolicyVersionInput = z.object({ content: policyContent }).strict();

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

/**
 * Edits a policy: the new document becomes a new version and the current one. Earlier versions
 * stay stored (and can be made current again with `updatePolicy`).
 */
export async function createPolicyVersion(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  await findPolicy(ctx.db, id);
  const { content } = parseInput(createPolicyVersionInput, body);
  const pdp = compilePolicy(content);
  const row = await ctx.db.$transaction(async (tx) => {
    const last = await tx.xacmlPolicyVersion.aggregate({ where: { policyId: id }, _max: { version: true } });
    const version = (last._max.version ?? 0) + 1;
    await tx.xacmlPolicyVersion.create({
      data: { policyId: id, version, content, createdBy: ctx.actor.username },
    });
    return tx.xacmlPolicy.update({
      where: { id },
      data: { currentVersion: version, policyXmlId: pdp.root.id },
    });
  });
  await audit(
    ctx.db,
    ctx.actor,
    "policy.version",
    { type: "policy", id },
    { name: row.name, version: row.currentVersion, policyXmlId: pdp.root.id },
  );
  await recordChange(ctx.db, { topic: "policy", entityId: id }, ctx.redisUrl);
  return { ...policyView(row), content };
}
