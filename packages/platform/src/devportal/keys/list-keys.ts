import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { findOwnApplication } from "../application-access";
import { toKeysView } from "./key-view";

/** An application's unrevoked keys, one entry per key type. */
export async function listKeys(ctx: OperationContext, appId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const clients = await ctx.db.oAuthClient.findMany({
    where: { applicationId: appId, revokedAt: null },
    include: { secrets: { orderBy: { createdAt: "asc" } } },
    orderBy: { keyType: "asc" },
  });
  const now = ctx.now();
  return clients.map((c) => toKeysView(c, now));
}
