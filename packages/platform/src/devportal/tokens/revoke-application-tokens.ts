import { revokeAccessTokensWhere, revokeTokensOfApplication } from "@portico/issuer-admin";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { changeRecorder } from "../../changes";
import type { OperationContext } from "../../context";
import { notFound } from "../../errors";
import { findOwnApplication } from "../application-access";

const revokedView = z.object({ revoked: z.number() });

/**
 * Revokes one access token, or, when tokenId is omitted, everything the application holds: its
 * access tokens and its refresh-token families (a refresh token kept from before must not mint
 * new access tokens afterwards).
 */
export async function revokeApplicationTokens(ctx: OperationContext, appId: string, tokenId?: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const deps = { db: ctx.db, changes: changeRecorder(ctx.db, ctx.redisUrl) };
  let count: number;
  if (tokenId) {
    const token = await ctx.db.accessToken.findFirst({
      where: { id: tokenId, applicationId: appId, revokedAt: null },
      select: { id: true },
    });
    if (!token) throw notFound("token");
    count = (await revokeAccessTokensWhere(deps, { id: token.id })).length;
  } else {
    count = (await revokeTokensOfApplication(deps, appId)).accessTokens;
  }
  await audit(
    ctx.db,
    ctx.actor,
    tokenId ? "token.revoke" : "token.revoke_all",
    { type: "application", id: appId },
    { count },
  );
  return revokedView.parse({ revoked: count });
}
