import { revokeTokensOfApplication } from "@portico/issuer-admin";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { changeRecorder, recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { changedFields, partialUpdateInput } from "../update-input";
import { findOwnApplication } from "./application-access";

const appName = z
  .string()
  .trim()
  .min(1, "a name is required")
  .max(70)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "letters, digits, spaces, dots, dashes and underscores");

const applicationFields = {
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

const createInput = z.object(applicationFields).strict();

/** A partial update: each field omitted stays (no creation defaults are applied). */
export const updateApplicationInput = partialUpdateInput(applicationFields);

type AppRow = Awaited<ReturnType<typeof findOwnApplication>>;

export function toApplicationView(app: AppRow) {
  return {
    id: app.id,
    name: app.name,
    description: app.description,
    tokenType: app.tokenType,
    defaultValidity: app.defaultValidity,
    tier: app.throttlingTier?.name ?? null,
    status: app.status,
    createdAt: app.createdAt.toISOString(),
  };
}

async function tierId(ctx: OperationContext, name: string | undefined) {
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

export async function createApplication(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(createInput, body);
  if (
    await ctx.db.application.findUnique({
      where: { ownerId_name: { ownerId: ctx.actor.userId, name: data.name } },
    })
  ) {
    throw new AppError("CONFLICT", `you already have an application named ${data.name}`, {
      fields: [{ field: "name", message: "taken" }],
    });
  }
  const app = await ctx.db.application.create({
    data: {
      name: data.name,
      description: data.description,
      tokenType: data.tokenType,
      defaultValidity: data.defaultValidity,
      ownerId: ctx.actor.userId,
      throttlingTierId: await tierId(ctx, data.tier),
    },
    include: { throttlingTier: true },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "application.create",
    { type: "application", id: app.id },
    { name: app.name },
  );
  return toApplicationView(app);
}

export async function listApplications(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.appManage);
  const apps = await ctx.db.application.findMany({
    where: { ownerId: ctx.actor.userId },
    include: { throttlingTier: true },
    orderBy: { name: "asc" },
  });
  return apps.map(toApplicationView);
}

export async function getApplication(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.appManage);
  return toApplicationView(await findOwnApplication(ctx.db, ctx.actor, id));
}

export async function updateApplication(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(updateApplicationInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, id);
  if (data.name && data.name !== app.name) {
    const clash = await ctx.db.application.findUnique({
      where: { ownerId_name: { ownerId: ctx.actor.userId, name: data.name } },
    });
    if (clash)
      throw new AppError("CONFLICT", `you already have an application named ${data.name}`, {
        fields: [{ field: "name", message: "taken" }],
      });
  }
  const updated = await ctx.db.application.update({
    where: { id },
    data: {
      name: data.name,
      description: data.description,
      tokenType: data.tokenType,
      defaultValidity: data.defaultValidity,
      throttlingTierId: data.tier === undefined ? undefined : await tierId(ctx, data.tier),
    },
    include: { throttlingTier: true },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "application.update",
    { type: "application", id },
    {
      fields: changedFields(
        toApplicationView(app),
        toApplicationView(updated),
        Object.keys(updateApplicationInput.shape),
      ),
    },
  );
  await recordChange(ctx.db, { topic: "application", entityId: id }, ctx.redisUrl);
  return toApplicationView(updated);
}

/** Deletes an application with its keys, subscriptions and tokens; the gateway refuses its tokens within seconds. */
export async function deleteApplication(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.appManage);
  const app = await findOwnApplication(ctx.db, ctx.actor, id);
  // before the rows go: tokens exchanged from the application's tokens by other clients too
  await revokeTokensOfApplication({ db: ctx.db, changes: changeRecorder(ctx.db, ctx.redisUrl) }, id);
  await ctx.db.application.delete({ where: { id } });
  await audit(ctx.db, ctx.actor, "application.delete", { type: "application", id }, { name: app.name });
  await recordChange(ctx.db, { topic: "application", entityId: id }, ctx.redisUrl);
}

/** The application tiers a developer may choose among, with their limits in words. */
export async function listApplicationTiers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.appManage);
  const tiers = await ctx.db.throttlingTier.findMany({
    where: { level: "APPLICATION" },
    orderBy: { name: "asc" },
  });
  return tiers.map((t) => ({
    name: t.name,
    description: t.unlimited
      ? "unlimited"
      : `${t.requestCount} requests per ${t.unitSeconds === 60 ? "minute" : `${t.unitSeconds} s`}`,
  }));
}
