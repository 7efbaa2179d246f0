// Trusted identity providers for the enterprise grants (SAML 2.0 bearer, Kerberos, NTLM) and JWT
// bearer (OIDC). Secrets (the Kerberos keytab) are stored encrypted and never returned.
import { X509Certificate } from "node:crypto";
import { encryptSecret } from "@portico/crypto";
import type { IdentityProvider } from "@portico/db";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields, partialUpdateInput } from "../update-input";

const mapping = z.record(z.string(), z.unknown()).default({});
const common = {
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$/, "1-60 letters, digits, spaces, ., - or _"),
  mapping,
  provisionUsers: z.boolean().default(false),
  enabled: z.boolean().default(true),
};
const pem = z.string().refine(
  (value) => {
    try {
      new X509Certificate(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "not a PEM X.509 certificate" },
);

const createInput = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("SAML2"),
      ...common,
      entityId: z.string().trim().min(1).max(500),
      certificates: z.array(pem).min(1, "at least one signing certificate").max(5),
      audience: z.string().trim().min(1).max(500).optional(),
      clockSkewSeconds: z.number().int().min(0).max(600).default(60),
      allowSha1: z.boolean().default(false),
    })
    .strict(),
  z
    .object({
      type: z.literal("KERBEROS"),
      ...common,
      realm: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9.-]{1,100}$/, "a realm, e.g. EXAMPLE.COM"),
      servicePrincipal: z
        .string()
        .trim()
        .regex(/^[^/@\s]+\/[^/@\s]+(@[^/@\s]+)?$/, "like HTTP/host or HTTP/host@REALM")
        .optional(),
      keytab: z
        .string()
        .regex(/^[A-Za-z0-9+/]+=*$/, "base64 of the keytab file")
        .optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal("NTLM"),
      ...common,
      domain: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9._-]{1,15}$/, "a NetBIOS domain name (1-15 characters)"),
    })
    .strict(),
  z
    .object({
      type: z.literal("OIDC"),
      ...common,
      issuer: z.string().url(),
      jwksUri: z.string().url().optional(),
      audience: z.string().trim().min(1).max(500).optional(),
      clockSkewSeconds: z.number().int().min(0).max(600).default(60),
    })
    .strict(),
]);

/** What an admin sees: never the keytab, only whether one is set. */
function view(row: IdentityProvider) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    issuer: row.issuer,
    certificates: Array.isArray(row.certificates) ? row.certificates : [],
    jwksUri: row.jwksUri,
    audience: row.audience,
    clockSkewSeconds: row.clockSkewSeconds,
    mapping: row.mapping,
    provisionUsers: row.provisionUsers,
    allowSha1: row.allowSha1,
    hasKeytab: row.keytabEnc !== null,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

type CreateInput = z.infer<typeof createInput>;

function columnsOf(data: CreateInput) {
  const base = {
    name: data.name,
    type: data.type,
    mapping: data.mapping as object,
    provisionUsers: data.provisionUsers,
    enabled: data.enabled,
  };
  switch (data.type) {
    case "SAML2":
      return {
        ...base,
        issuer: data.entityId,
        certificates: data.certificates,
        audience: data.audience ?? null,
        clockSkewSeconds: data.clockSkewSeconds,
        allowSha1: data.allowSha1,
      };
    case "KERBEROS":
      return { ...base, issuer: data.realm, audience: data.servicePrincipal ?? null };
    case "NTLM":
      return { ...base, issuer: data.domain.toUpperCase() };
    case "OIDC":
      return {
        ...base,
        issuer: data.issuer,
        jwksUri: data.jwksUri ?? null,
        audience: data.audience ?? null,
        clockSkewSeconds: data.clockSkewSeconds,
      };
  }
}

export async function listIdentityProviders(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return (await ctx.db.identityProvider.findMany({ orderBy: [{ type: "asc" }, { name: "asc" }] })).map(view);
}

export async function getIdentityProvider(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const row = await ctx.db.identityProvider.findUnique({ where: { id } });
  if (!row) throw notFound("identity provider");
  return view(row);
}

async function storeKeytab(ctx: OperationContext, id: string, keytab: string | undefined) {
  if (keytab === undefined) return;
  if (!ctx.keyring) throw new AppError("INTERNAL", "no master key available to encrypt the keytab");
  await ctx.db.identityProvider.update({
    where: { id },
    data: { keytabEnc: encryptSecret(ctx.keyring, keytab, `identity-provider:${id}`) },
  });
}

/** Registers a trusted identity provider; a Kerberos keytab (base64) is stored encrypted. */
export async function createIdentityProvider(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(createInput, body);
  const columns = columnsOf(data);
  if (await ctx.db.identityProvider.findUnique({ where: { name: data.name } }))
    throw new AppError("CONFLICT", "an identity provider with this name exists", {
      fields: [{ field: "name", message: "taken" }],
    });
  if (
    await ctx.db.identityProvider.findUnique({
      where: { type_issuer: { type: data.type, issuer: columns.issuer } },
    })
  )
    throw new AppError("CONFLICT", "this identity provider is already registered");
  const row = await ctx.db.identityProvider.create({ data: columns });
  await storeKeytab(ctx, row.id, data.type === "KERBEROS" ? data.keytab : undefined);
  await audit(
    ctx.db,
    ctx.actor,
    "identity_provider.create",
    { type: "identity_provider", id: row.id },
    { name: row.name, type: row.type, issuer: row.issuer, keytab: data.type === "KERBEROS" && !!data.keytab },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: row.id }, ctx.redisUrl);
  return view(await ctx.db.identityProvider.findUniqueOrThrow({ where: { id: row.id } }));
}

/**
 * `PUT /identity-providers/{id}`: a partial update, the fields of the provider's type (as in
 * create) without their defaults; null clears an optional one. The type and name cannot change (provisioned users are linked
 * by `idp:<name>`); a Kerberos update without `keytab` keeps the stored one.
 */
export const updateIdentityProviderInput = z.union(
  createInput.options.map((variant) =>
    partialUpdateInput(
      Object.fromEntries(
        Object.entries(variant.shape).map(([name, field]) => [
          name,
          field instanceof z.ZodOptional ? (field.unwrap() as z.ZodType).nullable() : field,
        ]),
      ),
    ),
  ) as unknown as [z.ZodObject, z.ZodObject, ...z.ZodObject[]],
);

/** A stored provider as the create body that would make it (never the keytab). */
function bodyOf(row: IdentityProvider): Record<string, unknown> {
  const base = {
    type: row.type,
    name: row.name,
    mapping: row.mapping ?? {},
    provisionUsers: row.provisionUsers,
    enabled: row.enabled,
  };
  const optional = (value: string | null) => value ?? undefined;
  switch (row.type) {
    case "SAML2":
      return {
        ...base,
        entityId: row.issuer,
        certificates: row.certificates,
        audience: optional(row.audience),
        clockSkewSeconds: row.clockSkewSeconds,
        allowSha1: row.allowSha1,
      };
    case "KERBEROS":
      return { ...base, realm: row.issuer, servicePrincipal: optional(row.audience) };
    case "NTLM":
      return { ...base, domain: row.issuer };
    default:
      return {
        ...base,
        issuer: row.issuer,
        jwksUri: optional(row.jwksUri),
        audience: optional(row.audience),
        clockSkewSeconds: row.clockSkewSeconds,
      };
  }
}

/** Changes the fields the body names; the provider, changed, is validated as a whole. */
export async function updateIdentityProvider(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await ctx.db.identityProvider.findUnique({ where: { id } });
  if (!existing) throw notFound("identity provider");
  const patch =
    body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  if (!patch) throw new AppError("VALIDATION_FAILED", "(body): send a JSON object");
  for (const field of ["type", "name"] as const) {
    if (patch[field] !== undefined && patch[field] !== existing[field])
      throw new AppError("VALIDATION_FAILED", "the type and name of an identity provider cannot change", {
        fields: [{ field, message: "cannot change" }],
      });
  }
  // null clears an optional field; on any other field it stays null, which validation refuses
  const variant = createInput.options.find((o) => o.shape.type.value === existing.type);
  const merged = { ...bodyOf(existing), ...patch };
  for (const [field, value] of Object.entries(patch)) {
    const schema = (variant?.shape as Record<string, z.ZodType> | undefined)?.[field];
    if (value === null && schema instanceof z.ZodOptional) delete merged[field];
  }
  const data = parseInput(createInput, merged);
  const columns = columnsOf(data);
  const clash = await ctx.db.identityProvider.findUnique({
    where: { type_issuer: { type: data.type, issuer: columns.issuer } },
  });
  if (clash && clash.id !== id)
    throw new AppError("CONFLICT", "this identity provider is already registered");
  await ctx.db.identityProvider.update({ where: { id }, data: columns });
  await storeKeytab(ctx, id, data.type === "KERBEROS" ? data.keytab : undefined);
  const row = await ctx.db.identityProvider.findUniqueOrThrow({ where: { id } });
  const before = bodyOf(existing);
  const after = bodyOf(row);
  await audit(
    ctx.db,
    ctx.actor,
    "identity_provider.update",
    { type: "identity_provider", id },
    {
      name: existing.name,
      issuer: columns.issuer,
      // names only: a keytab is a secret, so whether one was sent is all the entry says of it
      fields: [
        ...changedFields(before, after, Object.keys(before)),
        ...(data.type === "KERBEROS" && data.keytab ? ["keytab"] : []),
      ],
    },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: id }, ctx.redisUrl);
  return view(row);
}

export async function deleteIdentityProvider(ctx: OperationContext, id: string) {
  requireScope(ctx.actor, RestScope.admin);
  const row = await ctx.db.identityProvider.findUnique({ where: { id } });
  if (!row) throw notFound("identity provider");
  await ctx.db.identityProvider.delete({ where: { id } });
  await audit(
    ctx.db,
    ctx.actor,
    "identity_provider.delete",
    { type: "identity_provider", id },
    { name: row.name },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: id }, ctx.redisUrl);
}
