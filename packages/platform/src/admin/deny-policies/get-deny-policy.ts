import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { notFound } from "../../errors";
import { toDenyPolicyView } from "./deny-policy-view";

export async function getDenyPolicy(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const row = await ctx.db.denyPolicy.findUnique({ where: { id } });
  if (!row) throw notFound("deny policy");
  return toDenyPolicyView(row, ctx.now());
}
