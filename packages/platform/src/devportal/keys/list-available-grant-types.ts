import { z } from "zod";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";

const availableGrantTypeView = z.object({
  name: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
  risk: z.string().nullable(),
});

/** The grant types a developer can pick for keys, with their explanations. */
export async function listAvailableGrantTypes(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.appManage);
  const rows = await ctx.db.grantTypeSetting.findMany({ where: { enabled: true }, orderBy: { name: "asc" } });
  return rows.filter((g) => !g.name.startsWith("urn:portico:")).map((g) => availableGrantTypeView.parse(g));
}
