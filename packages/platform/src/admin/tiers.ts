import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields, partialUpdateInput } from "../update-input";

const tierFields = {
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,49}$/, "1-50 letters, digits, spaces, - or _"),
  level: z.enum(["SUBSCRIPTION", "APPLICATION", "API"]),
  description: z.string().max(500).optional(),
  unlimited: z.boolean().default(false),
  requestCount: z.number().int().min(1).max(1_000_000_000).optional(),
  unitSeconds: z
    .number()
    .int()
    .min(1)
    .max(86400 * 31)
    .default(60),
  burst: z.number().int().min(0).max(1_000_000).optional(),
};

const needsRequestCount = {
  message: "a limited tier needs requestCount",
  path: ["requestCount"],
};

const tierInput = z
  .object(tierFields)
  .strict()
  .refine((t) => t.unlimited || t.requestCount !== undefined, needsRequestCount);

/** A partial update; `description` and `burst` can be cleared with null. */
export const updateTierInput = partialUpdateInput({
  ...tierFields,
  description: tierFields.description.unwrap().nullable(),
  burst: tierFields.burst.unwrap().nullable(),
});

const view = (t: {
  id: string;
  name: string;
  level: string;
  description: string | null;
  requestCount: number | null;
  unitSeconds: number;
  burst: number | null;
  unlimited: boolean;
}) => ({
  id: t.id,
  name: t.name,
  level: t.level,
  description: t.description,
  requestCount: t.requestCount,
  unitSeconds: t.unitSeconds,
  burst: t.burst,
  unlimited: t.unlimited,
});

export async function listTiers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return (await ctx.db.throttlingTier.findMany({ orderBy: [{ level: "asc" }, { name: "asc" }] })).map(view);
}

export async function createTier(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const t = parseInput(tierInput, body);
  if (await ctx.db.throttlingTier.findUnique({ where: { name_level: { name: t.name, level: t.level } } })) {
    throw new AppError("CONFLICT", `a ${t.level} tier named ${t.name} exists`, {
      fields: [{ field: "name", message: "taken" }],
    });
  }
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
  return view(row);
}

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
  if (
    (merged.name !== existing.name || merged.level !== existing.level) &&
    (await ctx.db.throttlingTier.findUnique({
      where: { name_level: { name: merged.name, level: merged.level } },
    }))
  ) {
    throw new AppError("CONFLICT", `a ${merged.level} tier named ${merged.name} exists`, {
      fields: [{ field: "name", message: "taken" }],
    });
  }
  const row = await ctx.db.throttlingTier.update({ where: { id }, data });
  await audit(
    ctx.db,
    ctx.actor,
    "tier.update",
    { type: "tier", id },
    { name: row.name, fields: changedFields(view(existing), view(row), Object.keys(tierFields)) },
  );
  await recordChange(ctx.db, { topic: "tier", entityId: id }, ctx.redisUrl);
  return view(row);
}

/** Deletes a tier that no subscription uses. */
export async function deleteTier(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await ctx.db.throttlingTier.findUnique({
    where: { id },
    include: { _count: { select: { subscriptions: true } } },
  });
  if (!existing) throw notFound("tier");
  if (existing._count.subscriptions > 0)
    throw new AppError("CONFLICT", `${existing._count.subscriptions} subscription(s) use this tier`);
  await ctx.db.throttlingTier.delete({ where: { id } });
  await audit(ctx.db, ctx.actor, "tier.delete", { type: "tier", id }, { name: existing.name });
  await recordChange(ctx.db, { topic: "tier", entityId: id }, ctx.redisUrl);
}
