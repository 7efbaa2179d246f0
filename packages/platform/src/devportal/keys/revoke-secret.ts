import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { notFound, parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import { findKeys, keyType } from "./key-view";

/** Revokes one secret of an application's keys; the others keep working. */
export async function revokeSecret(ctx: OperationContext, appId: string, type: string, secretId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await findKeys(ctx, appId, parseInput(keyType, type));
  const secret = client.secrets.find((s) => s.id === secretId && !s.revokedAt);
  if (!secret) throw notFound("secret");
  await ctx.db.clientSecret.update({ where: { id: secretId }, data: { revokedAt: ctx.now() } });
  await audit(
    ctx.db,
    ctx.actor,
    "keys.secret_revoke",
    { type: "application", id: appId },
    { keyType: type, secretId },
  );
}
