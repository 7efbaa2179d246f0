import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { notFound, parseInput } from "../errors";
import { changedFields } from "../update-input";
import { compilePolicy } from "./compile-policy";
import { policyName, refuseTakenPolicyName } from "./policy-input";
import { findPolicy, policyView } from "./policy-view";

export const updatePolicyInput = z
  .object({
    name: policyName.optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
    /** makes an earlier (or later) stored version the one enforced: a roll-back */
    currentVersion: z.number().int().min(1).optional(),
  })
  .strict();

/** Renames, describes, enables/disables a policy, or makes another stored version current. */
export async function updatePolicy(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await findPolicy(ctx.db, id);
  const input = parseInput(updatePolicyInput, body);
  if (input.name !== undefined) await refuseTakenPolicyName(ctx, input.name, id);
  let policyXmlId: string | undefined;
  if (input.currentVersion !== undefined && input.currentVersion !== existing.currentVersion) {
    const version = await ctx.db.xacmlPolicyVersion.findUnique({
      where: { policyId_version: { policyId: id, version: input.currentVersion } },
    });
    if (!version) throw notFound(`version ${input.currentVersion} of the policy`);
    policyXmlId = compilePolicy(version.content, "currentVersion").root.id;
  }
  const row = await ctx.db.xacmlPolicy.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(policyXmlId !== undefined ? { currentVersion: input.currentVersion, policyXmlId } : {}),
    },
  });
  const action =
    input.enabled === true && !existing.enabled
      ? "policy.enable"
      : input.enabled === false && existing.enabled
        ? "policy.disable"
        : "policy.update";
  await audit(
    ctx.db,
    ctx.actor,
    action,
    { type: "policy", id },
    { name: row.name, ...input, fields: changedFields(existing, row, Object.keys(updatePolicyInput.shape)) },
  );
  await recordChange(ctx.db, { topic: "policy", entityId: id }, ctx.redisUrl);
  return policyView(row);
}
