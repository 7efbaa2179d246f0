import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { findOwnApplication } from "../devportal/application-access";
import { toApiKeyView } from "./api-key-view";

/** The application's unrevoked API keys, newest first, without the keys themselves. */
export async function listApiKeys(ctx: OperationContext, appId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const rows = await ctx.db.apiKey.findMany({
    where: { applicationId: app.id, revokedAt: null },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((row) => toApiKeyView(row, ctx.now().getTime()));
}
