import { TokenFormat } from "@portico/db";
import { z } from "zod";
import type { OperationContext } from "../../context";
import { AppError } from "../../errors";
import type { findOwnApplication } from "../application-access";

const appName = z
  .string()
  .trim()
  .min(1, "a name is required")
  .max(70)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "letters, digits, spaces, dots, dashes and underscores");

/** The fields a developer sets, at creation (with defaults) and in partial updates (without). */
export const applicationFields = {
  name: appName,
  description: z.string().max(1000).optional(),
  tokenType: z.enum(["JWT", "OPAQUE"]).default("JWT"),
  defaultValidity: z
    .number()
    .int()
    .min(60)
    .max(365 * 86400)
    .default(3600),
  tier: z.string().optional(),
};

/** An application as its owner sees it. */
export const applicationView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  tokenType: z.enum(TokenFormat),
  defaultValidity: z.number(),
  tier: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
});
export type ApplicationView = z.infer<typeof applicationView>;

type AppRow = Awaited<ReturnType<typeof findOwnApplication>>;

export function toApplicationView(app: AppRow): ApplicationView {
  return applicationView.parse({
    id: app.id,
    name: app.name,
    description: app.description,
    tokenType: app.tokenType,
    defaultValidity: app.defaultValidity,
    tier: app.throttlingTier?.name ?? null,
    status: app.status,
    createdAt: app.createdAt.toISOString(),
  });
}

/** The id of the application tier a developer named; 400 naming `tier` if there is none. */
export async function applicationTierId(ctx: OperationContext, name: string | undefined) {
  if (!name) return undefined;
  const tier = await ctx.db.throttlingTier.findUnique({
    where: { name_level: { name, level: "APPLICATION" } },
  });
  if (!tier)
    throw new AppError("VALIDATION_FAILED", `no application tier named ${name}`, {
      fields: [{ field: "tier", message: "unknown tier" }],
    });
  return tier.id;
}

/** 409 naming `name` when the developer already has an application of that name. */
export async function refuseTakenName(ctx: OperationContext, name: string) {
  const clash = await ctx.db.application.findUnique({
    where: { ownerId_name: { ownerId: ctx.actor.userId, name } },
  });
  if (clash)
    throw new AppError("CONFLICT", `you already have an application named ${name}`, {
      fields: [{ field: "name", message: "taken" }],
    });
}
