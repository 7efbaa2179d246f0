import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { toDenyPolicyView } from "./deny-policy-view";

/** Every deny policy, newest first; expired ones are listed (marked `expired`) until removed. */
export async function listDenyPolicies(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  const now = ctx.now();
  return (await ctx.db.denyPolicy.findMany({ orderBy: [{ createdAt: "desc" }, { id: "asc" }] })).map((row) =>
    toDenyPolicyView(row, now),
  );
}
