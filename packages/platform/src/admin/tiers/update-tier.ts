import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, notFound, parseInput } from "../../errors";
import { changedFields, partialUpdateInput } from "../../update-input";
import { needsRequestCount, refuseTakenTier, tierFields, toTierView } from "./tier-view";

/** A partial update; `description` and `burst` can be cleared with null. */
export const updateTierInput = partialUpdateInput({
  ...tierFields,
  description: tierFields.description.unwrap().nullable(),
  burst: tierFields.burst.unwrap().nullable(),
});

/** Changes the fields the body names; the tier, changed, must still be unlimited or have a request count. */
export async function updateTier(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(updateTierInput, body);
  const existing = await ctx.db.throttlingTier.findUnique({ where: { id } });
  if (!existing) throw notFound("tier");
  const merged = { ...existing, ...data };
  if (!merged.unlimited && merged.requestCount == null) {
    throw new AppError("VALIDATION_FAILED", `requestCount: ${needsRequestCount.message}`, {
      fields: [{ field: "requestCount", message: needsRequestCount.message }],
    });
  }
  if (merged.name !== existing.name || merged.level !== existing.level)
    await refuseTakenTier(ctx, merged.name, merged.level);
  const row = await ctx.db.throttlingTier.update({ where: { id }, data });
  const after = toTierView(row);
  await audit(
    ctx.db,
    ctx.actor,
    "tier.update",
    { type: "tier", id },
    { name: row.name, fields: changedFields(toTierView(existing), after, Object.keys(tierFields)) },
  );
  await recordChange(ctx.db, { topic: "tier", entityId: id }, ctx.redisUrl);
  return after;
}
