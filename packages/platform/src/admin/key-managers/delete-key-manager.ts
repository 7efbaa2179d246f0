import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, notFound } from "../../errors";

/** Deletes an external key manager; the resident one stays. */
export async function deleteKeyManager(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const km = await ctx.db.keyManager.findUnique({ where: { id } });
  if (!km) throw notFound("key manager");
  if (km.type === "RESIDENT") throw new AppError("CONFLICT", "the resident key manager cannot be deleted");
  await ctx.db.keyManager.delete({ where: { id } });
  await audit(ctx.db, ctx.actor, "key_manager.delete", { type: "key_manager", id }, { name: km.name });
  await recordChange(ctx.db, { topic: "key-manager", entityId: id }, ctx.redisUrl);
}
