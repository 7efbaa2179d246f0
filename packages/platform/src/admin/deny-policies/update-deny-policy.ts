import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { notFound, parseInput } from "../../errors";
import { changedFields, partialUpdateInput } from "../../update-input";
import { denyPolicyChange } from "./create-deny-policy";
import { checkDenyPolicy, denyPolicyFields, describeDenyPolicy, toDenyPolicyView } from "./deny-policy-view";

/** A partial update; every field can be cleared with null, as long as one condition remains. */
export const updateDenyPolicyInput = partialUpdateInput({
  applicationId: denyPolicyFields.applicationId.unwrap().nullable(),
  username: denyPolicyFields.username.unwrap().nullable(),
  ipRange: denyPolicyFields.ipRange.unwrap().nullable(),
  apiId: denyPolicyFields.apiId.unwrap().nullable(),
  reason: denyPolicyFields.reason.unwrap().nullable(),
  expiresAt: denyPolicyFields.expiresAt.unwrap().nullable(),
});

/** Changes the fields the body names; the rule, changed, must still hold a condition. */
export async function updateDenyPolicy(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const input = parseInput(updateDenyPolicyInput, body);
  const existing = await ctx.db.denyPolicy.findUnique({ where: { id } });
  if (!existing) throw notFound("deny policy");
  const { expiresAt, reason, ...conditions } = input;
  const data = {
    ...conditions,
    ...(reason !== undefined ? { reason: reason || null } : {}),
    ...(expiresAt !== undefined ? { expiresAt: expiresAt ? new Date(expiresAt) : null } : {}),
  };
  await checkDenyPolicy(ctx, { ...existing, ...data }, { expiresAt: expiresAt != null });
  const row = await ctx.db.denyPolicy.update({ where: { id }, data });
  const now = ctx.now();
  const after = toDenyPolicyView(row, now);
  await audit(
    ctx.db,
    ctx.actor,
    "deny_policy.update",
    { type: "deny_policy", id },
    {
      name: describeDenyPolicy(row),
      fields: changedFields(toDenyPolicyView(existing, now), after, Object.keys(updateDenyPolicyInput.shape)),
    },
  );
  await recordChange(ctx.db, denyPolicyChange(id), ctx.redisUrl);
  return after;
}
