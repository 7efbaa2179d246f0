import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { parseInput } from "../../errors";
import { needsRequestCount, refuseTakenTier, tierFields, toTierView } from "./tier-view";

const createTierInput = z
  .object(tierFields)
  .strict()
  .refine((t) => t.unlimited || t.requestCount !== undefined, needsRequestCount);

export async function createTier(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const t = parseInput(createTierInput, body);
  await refuseTakenTier(ctx, t.name, t.level);
  const row = await ctx.db.throttlingTier.create({
    data: { ...t, requestCount: t.unlimited ? null : t.requestCount },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "tier.create",
    { type: "tier", id: row.id },
    { name: t.name, level: t.level },
  );
  await recordChange(ctx.db, { topic: "tier", entityId: row.id }, ctx.redisUrl);
  return toTierView(row);
}
