import { encryptSecret } from "@portico/crypto";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields } from "../update-input";

const view = (k: {
  id: string;
  name: string;
  type: string;
  issuer: string;
  discoveryUrl: string | null;
  jwksUri: string | null;
  tokenEndpoint: string | null;
  introspectionEndpoint: string | null;
  clientId: string | null;
  clientSecretEnc: string | null;
  enabled: boolean;
  claimMappings: unknown;
}) => ({
  id: k.id,
  name: k.name,
  type: k.type,
  issuer: k.issuer,
  discoveryUrl: k.discoveryUrl,
  jwksUri: k.jwksUri,
  tokenEndpoint: k.tokenEndpoint,
  introspectionEndpoint: k.introspectionEndpoint,
  clientId: k.clientId,
  // never returned: only whether one is stored
  hasClientSecret: Boolean(k.clientSecretEnc),
  enabled: k.enabled,
  claimMappings: k.claimMappings,
});

export async function listKeyManagers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return (await ctx.db.keyManager.findMany({ orderBy: { name: "asc" } })).map(view);
}

const httpsUrl = z.url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL");
const createInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    discoveryUrl: httpsUrl,
    clientId: z.string().min(1).max(200).optional(),
    clientSecret: z.string().min(1).max(500).optional(),
    claimMappings: z.record(z.string(), z.string()).default({}),
    enabled: z.boolean().default(true),
  })
  .strict();

/** Reads an OpenID/OAuth discovery document, bounded in time and size. */
async function discover(url: string): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, {
      signal: AbortSignal.timeout(5000),
      redirect: "error",
      headers: { accept: "application/json" },
    });
  } catch (cause) {
    throw new AppError("VALIDATION_FAILED", "the discovery URL could not be reached", {
      fields: [
        {
          field: "discoveryUrl",
          message: (cause as Error).name === "TimeoutError" ? "timed out" : "unreachable",
        },
      ],
    });
  }
  const text = await res.text();
  if (!res.ok || text.length > 256 * 1024) {
    throw new AppError("VALIDATION_FAILED", `the discovery URL answered ${res.status}`, {
      fields: [{ field: "discoveryUrl", message: "not a discovery document" }],
    });
  }
  try {
    const doc = JSON.parse(text) as Record<string, unknown>;
    if (typeof doc.issuer !== "string" || typeof doc.jwks_uri !== "string")
      throw new Error("missing issuer or jwks_uri");
    return doc;
  } catch (cause) {
    throw new AppError("VALIDATION_FAILED", `not a discovery document: ${(cause as Error).message}`, {
      fields: [{ field: "discoveryUrl", message: "invalid document" }],
    });
  }
}

/** Adds an external OpenID/OAuth key manager from its discovery URL; its client secret is stored encrypted. */
export async function createKeyManager(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(createInput, body);
  if (data.clientSecret && !ctx.keyring)
    throw new AppError("INTERNAL", "no master key available to encrypt the client secret");
  const doc = await discover(data.discoveryUrl);
  const issuer = doc.issuer as string;
  if (await ctx.db.keyManager.findFirst({ where: { OR: [{ name: data.name }, { issuer }] } })) {
    throw new AppError("CONFLICT", "a key manager with this name or issuer exists");
  }
  const row = await ctx.db.keyManager.create({
    data: {
      name: data.name,
      type: "EXTERNAL",
      issuer,
      discoveryUrl: data.discoveryUrl,
      jwksUri: doc.jwks_uri as string,
      tokenEndpoint: (doc.token_endpoint as string | undefined) ?? null,
      introspectionEndpoint: (doc.introspection_endpoint as string | undefined) ?? null,
      clientId: data.clientId,
      claimMappings: data.claimMappings,
      enabled: data.enabled,
    },
  });
  if (data.clientSecret && ctx.keyring) {
    await ctx.db.keyManager.update({
      where: { id: row.id },
      data: { clientSecretEnc: encryptSecret(ctx.keyring, data.clientSecret, `key-manager:${row.id}`) },
    });
  }
  await audit(
    ctx.db,
    ctx.actor,
    "key_manager.create",
    { type: "key_manager", id: row.id },
    { name: data.name, issuer },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: row.id }, ctx.redisUrl);
  return view(await ctx.db.keyManager.findUniqueOrThrow({ where: { id: row.id } }));
}

/** A partial update; what discovery found (issuer, endpoints) changes only by adding the key manager again. */
export const updateKeyManagerInput = z
  .object({ enabled: z.boolean().optional(), claimMappings: z.record(z.string(), z.string()).optional() })
  .strict();

export async function updateKeyManager(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(updateKeyManagerInput, body);
  const km = await ctx.db.keyManager.findUnique({ where: { id } });
  if (!km) throw notFound("key manager");
  if (km.type === "RESIDENT" && data.enabled === false)
    throw new AppError("CONFLICT", "the resident key manager cannot be disabled");
  const row = await ctx.db.keyManager.update({ where: { id }, data });
  await audit(
    ctx.db,
    ctx.actor,
    "key_manager.update",
    { type: "key_manager", id },
    { name: km.name, fields: changedFields(view(km), view(row), Object.keys(updateKeyManagerInput.shape)) },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: id }, ctx.redisUrl);
  return view(row);
}

export async function deleteKeyManager(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const km = await ctx.db.keyManager.findUnique({ where: { id } });
  if (!km) throw notFound("key manager");
  if (km.type === "RESIDENT") throw new AppError("CONFLICT", "the resident key manager cannot be deleted");
  await ctx.db.keyManager.delete({ where: { id } });
  await audit(ctx.db, ctx.actor, "key_manager.delete", { type: "key_manager", id }, { name: km.name });
  await recordChange(ctx.db, { topic: "key-manager", entityId: id }, ctx.redisUrl);
}
