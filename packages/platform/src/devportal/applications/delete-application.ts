import { revokeTokensOfApplication } from "@portico/issuer-admin";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { changeRecorder, recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { findOwnApplication } from "../application-access";

/** Deletes an application with its keys, subscriptions and tokens; the gateway refuses its tokens within seconds. */
export async function deleteApplication(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.appManage);
  const app = await findOwnApplication(ctx.db, ctx.actor, id);
  // before the rows go: tokens exchanged from the application's tokens by other clients too
  await revokeTokensOfApplication({ db: ctx.db, changes: changeRecorder(ctx.db, ctx.redisUrl) }, id);
  await ctx.db.application.delete({ where: { id } });
  await audit(ctx.db, ctx.actor, "application.delete", { type: "application", id }, { name: app.name });
  await recordChange(ctx.db, { topic: "application", entityId: id }, ctx.redisUrl);
}
