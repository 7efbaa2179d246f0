import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, notFound, parseInput } from "../../errors";
import { changedFields } from "../../update-input";
import { toKeyManagerView } from "./key-manager-view";

/** A partial update; what discovery found (issuer, endpoints) changes only by adding the key manager again. */
export const updateKeyManagerInput = z
  .object({ enabled: z.boolean().optional(), claimMappings: z.record(z.string(), z.string()).optional() })
  .strict();

export async function updateKeyManager(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(updateKeyManagerInput, body);
  const km = await ctx.db.keyManager.findUnique({ where: { id } });
  if (!km) throw notFound("key manager");
  if (km.type === "RESIDENT" && data.enabled === false)
    throw new AppError("CONFLICT", "the resident key manager cannot be disabled");
  const row = await ctx.db.keyManager.update({ where: { id }, data });
  const after = toKeyManagerView(row);
  await audit(
    ctx.db,
    ctx.actor,
    "key_manager.update",
    { type: "key_manager", id },
    {
      name: km.name,
      fields: changedFields(toKeyManagerView(km), after, Object.keys(updateKeyManagerInput.shape)),
    },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: id }, ctx.redisUrl);
  return after;
}
