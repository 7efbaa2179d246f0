import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";
import { compilePolicy } from "./compile-policy";
import { policyContent } from "./policy-input";
import { findPolicy, policyView } from "./policy-view";

export const createPolicyVersionInput = z.object({ content: policyContent }).strict();

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
  return policyView(row, undefined, content);
}
