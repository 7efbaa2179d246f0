import { randomBytes } from "node:crypto";
import { hashSecret } from "@portico/crypto";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields } from "../update-input";
import { findOwnApplication } from "./application-access";

const keyType = z.enum(["PRODUCTION", "SANDBOX"]);
const callbackUrl = z
  .url("must be an absolute URL")
  .refine(
    (u) => /^https:\/\//.test(u) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//.test(u),
    "https, or http on a loopback address",
  )
  .refine((u) => !u.includes("#"), "no fragment (RFC 6749 3.1.2)");

const generateInput = z
  .object({
    keyType,
    grantTypes: z.array(z.string()).min(1, "choose at least one grant type"),
    callbackUrls: z.array(callbackUrl).max(20).default([]),
    pkceRequired: z.boolean().default(true),
  })
  .strict();

/** A partial update of one key type's settings; each field omitted stays. */
export const updateKeysInput = z
  .object({
    grantTypes: z.array(z.string()).min(1, "choose at least one grant type").optional(),
    callbackUrls: z.array(callbackUrl).max(20).optional(),
    pkceRequired: z.boolean().optional(),
  })
  .strict();

const secretInput = z
  .object({
    /** when the secrets that exist now stop working (rotation without downtime); omit to keep them */
    expireExistingInSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86400)
      .optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict();

/** Grant types an application may be given: enabled platform-wide, never a portal-internal one. */
async function checkGrantTypes(
  ctx: OperationContext,
  grantTypes: string[],
  callbackUrls: string[] | undefined,
) {
  const enabled = await ctx.db.grantTypeSetting.findMany({ where: { enabled: true } });
  const allowed = new Set(enabled.map((g) => g.name).filter((n) => !n.startsWith("urn:portico:")));
  const refused = grantTypes.filter((g) => !allowed.has(g));
  if (refused.length) {
    throw new AppError(
      "VALIDATION_FAILED",
      `grant type(s) not enabled on this platform: ${refused.join(", ")}`,
      {
        fields: [{ field: "grantTypes", message: `not enabled: ${refused.join(", ")}` }],
        allowed: [...allowed],
      },
    );
  }
  if (grantTypes.includes("authorization_code") && callbackUrls !== undefined && callbackUrls.length === 0) {
    throw new AppError("VALIDATION_FAILED", "the authorization code grant needs a callback URL", {
      fields: [{ field: "callbackUrls", message: "add a callback URL for the authorization code grant" }],
    });
  }
}

function newSecret() {
  return randomBytes(32).toString("base64url");
}

type ClientRow = {
  id: string;
  clientId: string;
  keyType: string;
  grantTypes: unknown;
  redirectUris: unknown;
  pkceRequired: boolean;
  createdAt: Date;
  secrets: Array<{
    id: string;
    hint: string;
    createdAt: Date;
    expiresAt: Date | null;
    revokedAt: Date | null;
    lastUsedAt: Date | null;
  }>;
};

function toKeysView(c: ClientRow) {
  return {
    keyType: c.keyType,
    consumerKey: c.clientId,
    grantTypes: c.grantTypes as string[],
    callbackUrls: c.redirectUris as string[],
    pkceRequired: c.pkceRequired,
    createdAt: c.createdAt.toISOString(),
    secrets: c.secrets
      .filter((s) => !s.revokedAt)
      .map((s) => ({
        id: s.id,
        hint: `…${s.hint}`,
        createdAt: s.createdAt.toISOString(),
        expiresAt: s.expiresAt?.toISOString() ?? null,
        expired: Boolean(s.expiresAt && s.expiresAt.getTime() <= Date.now()),
      })),
  };
}

async function residentKeyManagerId(ctx: OperationContext) {
  const km = await ctx.db.keyManager.findFirst({ where: { type: "RESIDENT" } });
  if (!km) throw new AppError("INTERNAL", "no resident key manager");
  return km.id;
}

async function findKeys(ctx: OperationContext, appId: string, type: string) {
  const client = await ctx.db.oAuthClient.findFirst({
    where: { applicationId: appId, keyType: type as "PRODUCTION", revokedAt: null },
    include: { secrets: { orderBy: { createdAt: "asc" } } },
  });
  if (!client) throw notFound(`${type.toLowerCase()} keys`);
  return client;
}

/**
 * Generates an application's consumer key and secret for one key type. The secret is returned
 * this once; only its hash is kept.
 */
export async function generateKeys(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(generateInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  await checkGrantTypes(ctx, data.grantTypes, data.callbackUrls);
  const existing = await ctx.db.oAuthClient.findFirst({
    where: { applicationId: app.id, keyType: data.keyType },
  });
  if (existing && !existing.revokedAt)
    throw new AppError(
      "CONFLICT",
      `${data.keyType.toLowerCase()} keys exist already; add a secret to rotate`,
    );
  if (existing) await ctx.db.oAuthClient.delete({ where: { id: existing.id } });
  const secret = newSecret();
  const client = await ctx.db.oAuthClient.create({
    data: {
      clientId: randomBytes(18).toString("base64url"),
      name: `${app.name} (${data.keyType.toLowerCase()})`,
      applicationId: app.id,
      keyType: data.keyType,
      keyManagerId: await residentKeyManagerId(ctx),
      grantTypes: data.grantTypes,
      redirectUris: data.callbackUrls,
      tokenEndpointAuthMethod: "client_secret_basic",
      pkceRequired: data.pkceRequired,
      secrets: { create: { secretHash: await hashSecret(secret), hint: secret.slice(-4) } },
    },
    include: { secrets: true },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "keys.generate",
    { type: "application", id: app.id },
    { keyType: data.keyType, consumerKey: client.clientId },
  );
  await recordChange(ctx.db, { topic: "client", entityId: client.clientId }, ctx.redisUrl);
  return { ...toKeysView(client), consumerSecret: secret };
}

export async function listKeys(ctx: OperationContext, appId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const clients = await ctx.db.oAuthClient.findMany({
    where: { applicationId: appId, revokedAt: null },
    include: { secrets: { orderBy: { createdAt: "asc" } } },
    orderBy: { keyType: "asc" },
  });
  return clients.map(toKeysView);
}

export async function updateKeys(ctx: OperationContext, appId: string, type: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(updateKeysInput, body);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await findKeys(ctx, appId, parseInput(keyType, type));
  const grantTypes = data.grantTypes ?? (client.grantTypes as string[]);
  await checkGrantTypes(ctx, grantTypes, data.callbackUrls ?? (client.redirectUris as string[]));
  const updated = await ctx.db.oAuthClient.update({
    where: { id: client.id },
    data: { grantTypes: data.grantTypes, redirectUris: data.callbackUrls, pkceRequired: data.pkceRequired },
    include: { secrets: { orderBy: { createdAt: "asc" } } },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "keys.update",
    { type: "application", id: appId },
    {
      keyType: type,
      fields: changedFields(toKeysView(client), toKeysView(updated), Object.keys(updateKeysInput.shape)),
    },
  );
  await recordChange(ctx.db, { topic: "client", entityId: client.clientId }, ctx.redisUrl);
  return toKeysView(updated);
}

/** Adds a secret (shown once); optionally the existing ones expire after a grace period. */
export async function addSecret(ctx: OperationContext, appId: string, type: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(secretInput, body ?? {});
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await findKeys(ctx, appId, parseInput(keyType, type));
  const active = client.secrets.filter(
    (s) => !s.revokedAt && (!s.expiresAt || s.expiresAt.getTime() > Date.now()),
  );
  if (active.length >= 5)
    throw new AppError("CONFLICT", "at most five secrets may be active; revoke one first");
  if (data.expireExistingInSeconds !== undefined) {
    const at = new Date(Date.now() + data.expireExistingInSeconds * 1000);
    await ctx.db.clientSecret.updateMany({
      where: { clientId: client.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] },
      data: { expiresAt: at },
    });
  }
  const secret = newSecret();
  const row = await ctx.db.clientSecret.create({
    data: {
      clientId: client.id,
      secretHash: await hashSecret(secret),
      hint: secret.slice(-4),
      expiresAt: data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86400_000) : null,
    },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "keys.secret_add",
    { type: "application", id: appId },
    { keyType: type, secretId: row.id },
  );
  return {
    id: row.id,
    consumerSecret: secret,
    hint: `…${row.hint}`,
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

export async function revokeSecret(ctx: OperationContext, appId: string, type: string, secretId: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await findKeys(ctx, appId, parseInput(keyType, type));
  const secret = client.secrets.find((s) => s.id === secretId && !s.revokedAt);
  if (!secret) throw notFound("secret");
  await ctx.db.clientSecret.update({ where: { id: secretId }, data: { revokedAt: new Date() } });
  await audit(
    ctx.db,
    ctx.actor,
    "keys.secret_revoke",
    { type: "application", id: appId },
    { keyType: type, secretId },
  );
}

/** Revokes an application's keys for one key type, and every token issued to them. */
export async function revokeKeys(ctx: OperationContext, appId: string, type: string) {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await findKeys(ctx, appId, parseInput(keyType, type));
  const tokens = await ctx.db.accessToken.findMany({
    where: { clientId: client.id, revokedAt: null },
    select: { jti: true },
  });
  const now = new Date();
  await ctx.db.$transaction([
    ctx.db.oAuthClient.update({ where: { id: client.id }, data: { revokedAt: now } }),
    ctx.db.clientSecret.updateMany({
      where: { clientId: client.id, revokedAt: null },
      data: { revokedAt: now },
    }),
    ctx.db.accessToken.updateMany({
      where: { clientId: client.id, revokedAt: null },
      data: { revokedAt: now },
    }),
    ctx.db.refreshTokenFamily.updateMany({
      where: { clientId: client.id, revokedAt: null },
      data: { revokedAt: now },
    }),
  ]);
  for (const t of tokens)
    await recordChange(ctx.db, { topic: "token.revoked", entityId: t.jti }, ctx.redisUrl);
  await recordChange(ctx.db, { topic: "client", entityId: client.clientId }, ctx.redisUrl);
  await audit(ctx.db, ctx.actor, "keys.revoke", { type: "application", id: appId }, { keyType: type });
}

/** The grant types a developer can pick for keys, with their explanations. */
export async function listAvailableGrantTypes(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.appManage);
  const rows = await ctx.db.grantTypeSetting.findMany({ where: { enabled: true }, orderBy: { name: "asc" } });
  return rows
    .filter((g) => !g.name.startsWith("urn:portico:"))
    .map((g) => ({ name: g.name, displayName: g.displayName, description: g.description, risk: g.risk }));
}
