import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { notFound } from "../../errors";
import { denyPolicyChange } from "./create-deny-policy";
import { describeDenyPolicy } from "./deny-policy-view";

/** Removes a block rule; gateways let its calls through again once they reload. */
export async function deleteDenyPolicy(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await ctx.db.denyPolicy.findUnique({ where: { id } });
  if (!existing) throw notFound("deny policy");
  await ctx.db.denyPolicy.delete({ where: { id } });
  await audit(
    ctx.db,
    ctx.actor,
    "deny_policy.delete",
    { type: "deny_policy", id },
    { name: describeDenyPolicy(existing) },
  );
  await recordChange(ctx.db, denyPolicyChange(id), ctx.redisUrl);
}
