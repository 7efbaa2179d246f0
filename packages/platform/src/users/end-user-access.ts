import { revokeTokensOfApplication, revokeTokensOfUser } from "@portico/issuer-admin";
import { changeRecorder } from "../changes";
import type { OperationContext } from "../context";

/**
 * Ends what a user holds: their access tokens and refresh-token families, those of the
 * applications they own (whoever signed in through them), their key manager sign-in sessions and
 * unused authorization codes. Each revoked token is announced as `token.revoked`, so gateways
 * refuse it within their change-following delay. Returns how many access tokens were revoked.
 *
 * Run on disabling, and again on re-enabling: a token issued while the disable was being saved
 * does not come back to life with the account.
 */
export async function endUserAccess(ctx: OperationContext, userId: string): Promise<number> {
  const deps = { db: ctx.db, changes: changeRecorder(ctx.db, ctx.redisUrl) };
  const now = ctx.now();
  let revoked = (await revokeTokensOfUser(deps, userId)).accessTokens;
  const applications = await ctx.db.application.findMany({
    where: { ownerId: userId },
    select: { id: true },
  });
  for (const app of applications) revoked += (await revokeTokensOfApplication(deps, app.id)).accessTokens;
  await ctx.db.loginSession.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now } });
  await ctx.db.authorizationCode.updateMany({
    where: { userId, consumedAt: null, expiresAt: { gt: now } },
    data: { expiresAt: now },
  });
  return revoked;
}
