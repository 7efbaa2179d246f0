import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { compilePolicy } from "./compile-policy";
import { policyContent, policyName, refuseTakenPolicyName } from "./policy-input";
import { policyView } from "./policy-view";

export const createPolicyInput = z
  .object({
    /** display name; the document's PolicyId / PolicySetId when omitted */
    name: policyName.optional(),
    description: z.string().max(500).optional(),
    content: policyContent,
    enabled: z.boolean().default(true),
  })
  .strict();

/** Uploads a policy: compiled first, stored as version 1 only if it loads. */
export async function createPolicy(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const input = parseInput(createPolicyInput, body);
  const pdp = compilePolicy(input.content);
  const name = input.name ?? policyName.safeParse(pdp.root.id).data;
  if (!name) {
    throw new AppError("VALIDATION_FAILED", "name: give the policy a name", {
      fields: [{ field: "name", message: `the PolicyId ${pdp.root.id} is not a usable name: give one` }],
    });
  }
  await refuseTakenPolicyName(ctx, name);
  const row = await ctx.db.xacmlPolicy.create({
    data: {
      name,
      policyXmlId: pdp.root.id,
      description: input.description,
      enabled: input.enabled,
      currentVersion: 1,
      versions: { create: { version: 1, content: input.content, createdBy: ctx.actor.username } },
    },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "policy.create",
    { type: "policy", id: row.id },
    { name, policyXmlId: pdp.root.id },
  );
  await recordChange(ctx.db, { topic: "policy", entityId: row.id }, ctx.redisUrl);
  return policyView(row, 0, input.content);
}
