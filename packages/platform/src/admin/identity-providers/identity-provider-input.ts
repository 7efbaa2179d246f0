// Trusted identity providers for the enterprise grants (SAML 2.0 bearer, Kerberos, NTLM) and JWT
// bearer (OIDC): the body that makes one, per type, and how it maps to and from the stored row.
import { X509Certificate } from "node:crypto";
import { type IdentityProvider, jsonObject, stringList } from "@portico/db";
import { z } from "zod";

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

export const createIdentityProviderInput = z.discriminatedUnion("type", [
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
export type CreateIdentityProviderInput = z.infer<typeof createIdentityProviderInput>;

/** The row's columns for a provider body. */
export function columnsOf(data: CreateIdentityProviderInput) {
  const base = {
    name: data.name,
    type: data.type,
    // zod checked it is a JSON object; Prisma types Json input more narrowly than unknown values
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

/** A stored provider as the create body that would make it (never the keytab). */
export function bodyOf(row: IdentityProvider): Record<string, unknown> {
  const base = {
    type: row.type,
    name: row.name,
    mapping: jsonObject(row.mapping),
    provisionUsers: row.provisionUsers,
    enabled: row.enabled,
  };
  const optional = (value: string | null) => value ?? undefined;
  switch (row.type) {
    case "SAML2":
      return {
        ...base,
        entityId: row.issuer,
        certificates: stringList(row.certificates),
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
