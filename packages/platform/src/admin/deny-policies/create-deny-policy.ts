import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";
import { checkDenyPolicy, denyPolicyFields, describeDenyPolicy, toDenyPolicyView } from "./deny-policy-view";

export const createDenyPolicyInput = z.object(denyPolicyFields).strict();

/** The change event gateways reload on: a deny policy is platform configuration. */
export const denyPolicyChange = (id: string) => ({
  topic: "settings" as const,
  entityId: `deny-policy:${id}`,
});

/**
 * Creates a platform-wide block rule: gateways refuse every call matching all its conditions
 * (403 `access_denied_by_policy`) until it expires or is removed.
 */
export async function createDenyPolicy(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const input = parseInput(createDenyPolicyInput, body);
  const rule = {
    applicationId: input.applicationId ?? null,
    username: input.username ?? null,
    ipRange: input.ipRange ?? null,
    apiId: input.apiId ?? null,
    reason: input.reason || null,
    expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
  };
  await checkDenyPolicy(ctx, rule, { expiresAt: true });
  const row = await ctx.db.denyPolicy.create({ data: { ...rule, createdBy: ctx.actor.username } });
  await audit(
    ctx.db,
    ctx.actor,
    "deny_policy.create",
    { type: "deny_policy", id: row.id },
    { name: describeDenyPolicy(row) },
  );
  await recordChange(ctx.db, denyPolicyChange(row.id), ctx.redisUrl);
  return toDenyPolicyView(row, ctx.now());
}
