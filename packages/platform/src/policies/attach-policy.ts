import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { attachmentInclude, attachmentView, findPolicy } from "./policy-view";

/** what the gateway does when the policy does not apply to a call */
export const onNotApplicable = z.enum(["deny", "permit"]);

export const attachPolicyInput = z
  .object({
    apiId: z.string().min(1),
    /** one resource of that API; the whole API when omitted */
    resourceId: z.string().min(1).optional(),
    /** what the gateway does when the policy does not apply to a call */
    onNotApplicable: onNotApplicable.default("deny"),
  })
  .strict();

/** Attaches a policy to an API, or to one resource of it; each target at most once. */
export async function attachPolicy(ctx: OperationContext, policyId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const policy = await findPolicy(ctx.db, policyId);
  const input = parseInput(attachPolicyInput, body);
  const api = await ctx.db.api.findUnique({ where: { id: input.apiId } });
  if (!api) throw notFound("API");
  if (input.resourceId) {
    const resource = await ctx.db.resource.findUnique({ where: { id: input.resourceId } });
    // Another API's resource is reported as missing from this API, not as a mismatch.
    if (!resource || resource.apiId !== api.id) throw notFound(`resource of ${api.name} ${api.version}`);
  }
  // The unique index does not cover resourceId null (NULLs differ), so check here.
  const resourceId = input.resourceId ?? null;
  if (await ctx.db.xacmlPolicyAttachment.findFirst({ where: { policyId, apiId: api.id, resourceId } })) {
    throw new AppError(
      "CONFLICT",
      `the policy is already attached to this ${resourceId ? "resource" : "API"}`,
    );
  }
  const row = await ctx.db.xacmlPolicyAttachment.create({
    data: { policyId, apiId: api.id, resourceId, onNotApplicable: input.onNotApplicable },
    include: attachmentInclude,
  });
  await audit(
    ctx.db,
    ctx.actor,
    "policy.attach",
    { type: "policy", id: policyId },
    { name: policy.name, apiId: api.id, resourceId, onNotApplicable: input.onNotApplicable },
  );
  await recordChange(ctx.db, { topic: "policy", entityId: policyId }, ctx.redisUrl);
  return attachmentView(row);
}
