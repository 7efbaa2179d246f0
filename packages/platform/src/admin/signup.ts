// Developer self sign-up switch: PlatformSetting `signup.enabled` (JSON boolean). The key manager
// reads it through its settings cache, so a change applies there within `settingsCacheMs`.
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";

export const SIGNUP_SETTING = "signup.enabled";

export const updateSignupSettingInput = z.object({ enabled: z.boolean() }).strict();

function view(row: { value: unknown; updatedAt: Date } | null) {
  return { enabled: row?.value === true, updatedAt: row ? row.updatedAt.toISOString() : null };
}

/** Whether developers may create their own account on the key manager's sign-in page (off by default). */
export async function getSignupSetting(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return view(await ctx.db.platformSetting.findUnique({ where: { key: SIGNUP_SETTING } }));
}

/** Allows or stops developer self sign-up; new accounts get the developer role only. */
export async function updateSignupSetting(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const { enabled } = parseInput(updateSignupSettingInput, body);
  const was = view(await ctx.db.platformSetting.findUnique({ where: { key: SIGNUP_SETTING } })).enabled;
  const row = await ctx.db.platformSetting.upsert({
    where: { key: SIGNUP_SETTING },
    create: { key: SIGNUP_SETTING, value: enabled },
    update: { value: enabled },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "signup.update",
    { type: "settings", id: SIGNUP_SETTING },
    {
      enabled,
      fields: was === enabled ? [] : ["enabled"],
    },
  );
  await recordChange(ctx.db, { topic: "settings", entityId: SIGNUP_SETTING }, ctx.redisUrl);
  return view(row);
}
