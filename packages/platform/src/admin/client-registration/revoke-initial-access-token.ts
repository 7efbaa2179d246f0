import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { notFound } from "../../errors";

/** Stops an initial access token from registering more clients; clients it registered stay. */
export async function revokeInitialAccessToken(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const done = await ctx.db.initialAccessToken.updateMany({
    where: { id, revokedAt: null },
    data: { revokedAt: ctx.now() },
  });
  if (done.count === 0) {
    if (!(await ctx.db.initialAccessToken.findUnique({ where: { id } })))
      throw notFound("initial access token");
    return;
  }
  await audit(ctx.db, ctx.actor, "initial_access_token.revoke", { type: "initial_access_token", id });
}
