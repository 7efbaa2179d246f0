// Dynamic client registration (RFC 7591) at the resident key manager: the switch and its limits,
// PlatformSetting `registration.policy`. The key manager reads it through its settings cache, so a
// change applies there within `settingsCacheMs`.
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { changedFields } from "../../update-input";
import {
  REGISTRATION_POLICY_SETTING,
  readClientRegistrationPolicy,
  updateClientRegistrationPolicyInput,
} from "./client-registration-policy";

/** Changes the fields sent; the rest keep their values. */
export async function updateClientRegistrationPolicy(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const changes = parseInput(updateClientRegistrationPolicyInput, body);
  const { updatedAt: _at, ...current } = await readClientRegistrationPolicy(ctx);
  const next = { ...current, ...changes };
  if (next.requireSoftwareStatement && !next.softwareStatementJwks)
    throw new AppError("VALIDATION_FAILED", "softwareStatementJwks: needed to require software statements", {
      fields: [{ field: "softwareStatementJwks", message: "needed to require software statements" }],
    });
  await ctx.db.platformSetting.upsert({
    where: { key: REGISTRATION_POLICY_SETTING },
    create: { key: REGISTRATION_POLICY_SETTING, value: next as object },
    update: { value: next as object },
  });
  const fields = changedFields(current, next, Object.keys(updateClientRegistrationPolicyInput.shape));
  await audit(
    ctx.db,
    ctx.actor,
    "client_registration.update",
    { type: "settings", id: REGISTRATION_POLICY_SETTING },
    { fields, enabled: next.enabled },
  );
  await recordChange(ctx.db, { topic: "settings", entityId: REGISTRATION_POLICY_SETTING }, ctx.redisUrl);
  return readClientRegistrationPolicy(ctx);
}
