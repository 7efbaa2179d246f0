import { KeyType, TokenFormat } from "@portico/db";
import { z } from "zod";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { findOwnApplication } from "../application-access";

/** A token as its application's owner sees it: never its value. */
const activeTokenView = z.object({
  id: z.string(),
  keyType: z.enum(KeyType),
  format: z.enum(TokenFormat),
  scope: z.string(),
  grantType: z.string(),
  issuedAt: z.string(),
  expiresAt: z.string(),
});

/** My application's tokens that are neither expired nor revoked (never the token values). */
export async function listActiveTokens(ctx: OperationContext, appId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const rows = await ctx.db.accessToken.findMany({
    where: { applicationId: appId, revokedAt: null, expiresAt: { gt: ctx.now() } },
    orderBy: { issuedAt: "desc" },
    take: 200,
  });
  return rows.map((t) =>
    activeTokenView.parse({
      id: t.id,
      keyType: t.keyType,
      format: t.format,
      scope: t.scope,
      grantType: t.grantType,
      issuedAt: t.issuedAt.toISOString(),
      expiresAt: t.expiresAt.toISOString(),
    }),
  );
}
