import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { policyView } from "./policy-view";

/** Every policy with how many APIs and resources it is attached to. */
export async function listPolicies(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  const rows = await ctx.db.xacmlPolicy.findMany({
    orderBy: { name: "asc" },
    include: { _count: { select: { attachments: true } } },
  });
  return rows.map((p) => policyView(p, p._count.attachments));
}
