import { TierLevel } from "@portico/db";
import { z } from "zod";
import type { OperationContext } from "../../context";
import { AppError } from "../../errors";

/** The fields an admin sets, at creation (with defaults) and in partial updates (without). */
export const tierFields = {
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

export const needsRequestCount = {
  message: "a limited tier needs requestCount",
  path: ["requestCount"],
};

/** A throttling tier as the admin API and page show it. */
export const tierView = z.object({
  id: z.string(),
  name: z.string(),
  level: z.enum(TierLevel),
  description: z.string().nullable(),
  requestCount: z.number().nullable(),
  unitSeconds: z.number(),
  burst: z.number().nullable(),
  unlimited: z.boolean(),
});
export type TierView = z.infer<typeof tierView>;

export function toTierView(row: TierView): TierView {
  return tierView.parse(row);
}

/** 409 naming `name` when a tier of that name and level exists. */
export async function refuseTakenTier(ctx: OperationContext, name: string, level: TierLevel) {
  if (await ctx.db.throttlingTier.findUnique({ where: { name_level: { name, level } } })) {
    throw new AppError("CONFLICT", `a ${level} tier named ${name} exists`, {
      fields: [{ field: "name", message: "taken" }],
    });
  }
}
