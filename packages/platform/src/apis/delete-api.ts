import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError } from "../errors";
import { findChangeableApi } from "./api-access";

/** Deletes an API; refused while any application is subscribed to it. */
export async function deleteApi(ctx: OperationContext, id: string): Promise<void> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const api = await findChangeableApi(ctx.db, ctx.actor, id);
  if (api._count.subscriptions > 0) {
    throw new AppError(
      "CONFLICT",
      `the API has ${api._count.subscriptions} subscription(s); remove them or retire the API first`,
    );
  }
  await ctx.db.api.delete({ where: { id } });
  await audit(ctx.db, ctx.actor, "api.delete", { type: "api", id }, { name: api.name, version: api.version });
  await recordChange(ctx.db, { topic: "api", entityId: id }, ctx.redisUrl);
}
