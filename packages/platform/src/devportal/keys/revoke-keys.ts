import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import { findKeys, keyType } from "./key-view";

/** Revokes an application's keys for one key type, and every token issued to them. */
export async function revokeKeys(ctx: OperationContext, appId: string, type: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await findKeys(ctx, appId, parseInput(keyType, type));
  const tokens = await ctx.db.accessToken.findMany({
    where: { clientId: client.id, revokedAt: null },
    select: { jti: true },
  });
  const now = ctx.now();
  await ctx.db.$transaction([
    ctx.db.oAuthClient.update({ where: { id: client.id }, data: { revokedAt: now } }),
    ctx.db.clientSecret.updateMany({
      where: { clientId: client.id, revokedAt: null },
      data: { revokedAt: now },
    }),
    ctx.db.accessToken.updateMany({
      where: { clientId: client.id, revokedAt: null },
      data: { revokedAt: now },
    }),
    ctx.db.refreshTokenFamily.updateMany({
      where: { clientId: client.id, revokedAt: null },
      data: { revokedAt: now },
    }),
  ]);
  for (const t of tokens)
    await recordChange(ctx.db, { topic: "token.revoked", entityId: t.jti }, ctx.redisUrl);
  await recordChange(ctx.db, { topic: "client", entityId: client.clientId }, ctx.redisUrl);
  await audit(ctx.db, ctx.actor, "keys.revoke", { type: "application", id: appId }, { keyType: type });
}
