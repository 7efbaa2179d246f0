import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { findOwnApplication } from "../devportal/application-access";
import { notFound } from "../errors";

/** Revokes one API key; gateways drop it on the `token.revoked` event for `apikey:<id>`. */
export async function revokeApiKey(ctx: OperationContext, appId: string, keyId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const { count } = await ctx.db.apiKey.updateMany({
    where: { id: keyId, applicationId: app.id, revokedAt: null },
    data: { revokedAt: ctx.now() },
  });
  if (count === 0) throw notFound("API key");
  await recordChange(ctx.db, { topic: "token.revoked", entityId: `apikey:${keyId}` }, ctx.redisUrl);
  await audit(ctx.db, ctx.actor, "api_key.revoke", { type: "application", id: app.id }, { apiKeyId: keyId });
}
