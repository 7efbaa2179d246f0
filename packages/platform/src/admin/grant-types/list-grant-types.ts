import { z } from "zod";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";

const grantTypeView = z.object({
  name: z.string(),
  displayName: z.string(),
  enabled: z.boolean(),
  description: z.string().nullable(),
  risk: z.string().nullable(),
  keyManagers: z.array(z.object({ name: z.string(), enabled: z.boolean() })),
});

/** Every grant type with its platform-wide switch, explanation and risk. */
export async function listGrantTypes(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  const rows = await ctx.db.grantTypeSetting.findMany({
    orderBy: { name: "asc" },
    include: { keyManagers: { include: { keyManager: true } } },
  });
  return rows.map((g) =>
    grantTypeView.parse({
      ...g,
      keyManagers: g.keyManagers.map((k) => ({ name: k.keyManager.name, enabled: k.enabled })),
    }),
  );
}
