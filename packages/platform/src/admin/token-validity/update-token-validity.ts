import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { changedFields } from "../../update-input";
import { tokenValidityFields, toTokenValidityView } from "./token-validity-view";

/** A partial update: each limit sent changes, each omitted stays. */
export const updateTokenValidityInput = z.object(tokenValidityFields).partial().strict();

/** Token validity defaults and maximums (seconds); each default must fit under its maximum. */
export async function updateTokenValidity(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(updateTokenValidityInput, body);
  const current = await ctx.db.tokenValiditySetting.upsert({
    where: { id: "default" },
    create: {},
    update: {},
  });
  const next = { ...current, ...data };
  const fields = (
    [
      ["applicationTokenDefault", "applicationTokenMax"],
      ["userTokenDefault", "userTokenMax"],
      ["refreshTokenDefault", "refreshTokenMax"],
    ] as const
  )
    .filter(([d, m]) => next[d] > next[m])
    .map(([d, m]) => ({ field: d, message: `must not exceed ${m} (${next[m]} s)` }));
  if (fields.length)
    throw new AppError("VALIDATION_FAILED", fields.map((f) => `${f.field} ${f.message}`).join("; "), {
      fields,
    });
  const row = await ctx.db.tokenValiditySetting.update({ where: { id: "default" }, data });
  await audit(
    ctx.db,
    ctx.actor,
    "token_validity.update",
    { type: "settings", id: "token-validity" },
    { fields: changedFields(current, row, Object.keys(updateTokenValidityInput.shape)) },
  );
  await recordChange(ctx.db, { topic: "settings", entityId: "token-validity" }, ctx.redisUrl);
  return toTokenValidityView(row);
}
