import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { grantTypesAllowedAt } from "./external-key-manager-access";

/** The external key managers a developer may keep an application's keys at, and what each allows. */
export async function listDeveloperKeyManagers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.appManage);
  const rows = await ctx.db.keyManager.findMany({
    where: { type: "EXTERNAL", enabled: true },
    orderBy: { name: "asc" },
  });
  return Promise.all(
    rows.map(async (km) => ({
      name: km.name,
      issuer: km.issuer,
      offersRegistration: km.offersRegistration,
      tokenEndpoint: km.tokenEndpoint,
      grantTypes: [...(await grantTypesAllowedAt(ctx, km))].sort(),
    })),
  );
}
