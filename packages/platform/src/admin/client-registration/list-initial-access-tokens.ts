import type { Db } from "@portico/db";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";

type Row = Awaited<ReturnType<Db["initialAccessToken"]["findFirstOrThrow"]>>;

/** An initial access token as admins see it: never the token or its hash. */
export function initialAccessTokenView(row: Row) {
  return {
    id: row.id,
    hint: row.hint,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    remainingUses: row.remainingUses,
    usedCount: row.usedCount,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Every initial access token, newest first. */
export async function listInitialAccessTokens(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  const rows = await ctx.db.initialAccessToken.findMany({ orderBy: { createdAt: "desc" }, take: 500 });
  return rows.map(initialAccessTokenView);
}
