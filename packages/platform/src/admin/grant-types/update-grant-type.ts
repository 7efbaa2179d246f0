import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { notFound, parseInput } from "../../errors";

/** The switch as set: whose it is (a key manager's, or the platform's when absent). */
const grantTypeSettingView = z.object({
  name: z.string(),
  enabled: z.boolean(),
  keyManager: z.string().optional(),
});

/**
 * Replaces the grant type's one setting: `enabled` is required (a body without it is 400 naming
 * it); `keyManager` says whose setting, the platform's when omitted.
 */
export const updateGrantTypeInput = z
  .object({ enabled: z.boolean(), keyManager: z.string().min(1).optional() })
  .strict();

/** Enables or disables a grant type platform-wide, or for one key manager. */
export async function updateGrantType(ctx: OperationContext, name: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const { enabled, keyManager } = parseInput(updateGrantTypeInput, body);
  const setting = await ctx.db.grantTypeSetting.findUnique({ where: { name } });
  if (!setting) throw notFound(`grant type ${name}`);
  let was = setting.enabled;
  if (keyManager) {
    const km = await ctx.db.keyManager.findUnique({ where: { name: keyManager } });
    if (!km) throw notFound(`key manager ${keyManager}`);
    const current = await ctx.db.keyManagerGrantType.findUnique({
      where: { keyManagerId_grantType: { keyManagerId: km.id, grantType: name } },
    });
    // no row: not switched off for this key manager
    was = current?.enabled ?? true;
    await ctx.db.keyManagerGrantType.upsert({
      where: { keyManagerId_grantType: { keyManagerId: km.id, grantType: name } },
      create: { keyManagerId: km.id, grantType: name, enabled },
      update: { enabled },
    });
  } else {
    await ctx.db.grantTypeSetting.update({ where: { name }, data: { enabled } });
  }
  await audit(
    ctx.db,
    ctx.actor,
    "grant_type.update",
    { type: "grant_type", id: name },
    { enabled, keyManager, fields: was === enabled ? [] : ["enabled"] },
  );
  await recordChange(ctx.db, { topic: "settings", entityId: `grant-type:${name}` }, ctx.redisUrl);
  return grantTypeSettingView.parse({ name, enabled, ...(keyManager ? { keyManager } : {}) });
}
