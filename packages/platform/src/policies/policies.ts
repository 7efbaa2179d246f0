import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields } from "../update-input";
import { compilePolicy } from "./compile-policy";
import { attachmentInclude, attachmentView, findPolicy, policyView, versionView } from "./policy-view";

/** Policies are text documents; 1 MB is far beyond any hand-written policy set. */
export const MAX_POLICY_CHARS = 1_000_000;

export const policyContent = z
  .string()
  .min(1, "paste or upload the policy's XML")
  .max(MAX_POLICY_CHARS, `at most ${MAX_POLICY_CHARS} characters`);

const policyName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._:-]{0,99}$/, "1-100 letters, digits, spaces, '.', '_', ':' or '-'");

export const createPolicyInput = z
  .object({
    /** display name; the document's PolicyId / PolicySetId when omitted */
    name: policyName.optional(),
    description: z.string().max(500).optional(),
    content: policyContent,
    enabled: z.boolean().default(true),
  })
  .strict();

export const updatePolicyInput = z
  .object({
    name: policyName.optional(),
    description: z.string().max(500).nullable().optional(),
    enabled: z.boolean().optional(),
    /** makes an earlier (or later) stored version the one enforced: a roll-back */
    currentVersion: z.number().int().min(1).optional(),
  })
  .strict();

async function refuseTakenName(ctx: OperationContext, name: string, exceptId?: string) {
  const taken = await ctx.db.xacmlPolicy.findUnique({ where: { name } });
  if (taken && taken.id !== exceptId) {
    throw new AppError("CONFLICT", `a policy named ${name} exists`, {
      fields: [{ field: "name", message: "taken" }],
    });
  }
}

/** Every policy with how many APIs and resources it is attached to. */
export async function listPolicies(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  const rows = await ctx.db.xacmlPolicy.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { attachments: true } } },
  });
  return rows.map((p) => policyView(p, p._count.attachments));
}

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
  await refuseTakenName(ctx, name);
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
  return { ...policyView(row, 0), content: input.content };
}

/** One policy: its current document, every version (without content) and its attachments. */
export async function getPolicy(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const row = await ctx.db.xacmlPolicy.findUnique({
    where: { id },
    include: {
      versions: { orderBy: { version: "desc" }, select: { version: true, createdBy: true, createdAt: true } },
      attachments: { include: attachmentInclude, orderBy: { createdAt: "asc" } },
    },
  });
  if (!row) throw notFound("policy");
  const current = await ctx.db.xacmlPolicyVersion.findUnique({
    where: { policyId_version: { policyId: id, version: row.currentVersion } },
  });
  return {
    ...policyView(row, row.attachments.length),
    content: current?.content ?? "",
    versions: row.versions.map((v) => versionView(v, row.currentVersion)),
    attachments: row.attachments.map(attachmentView),
  };
}

/** Renames, describes, enables/disables a policy, or makes another stored version current. */
export async function updatePolicy(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await findPolicy(ctx.db, id);
  const input = parseInput(updatePolicyInput, body);
  if (input.name !== undefined) await refuseTakenName(ctx, input.name, id);
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
