import { type IdentityProvider, IdentityProviderType, jsonObject, stringList } from "@portico/db";
import { z } from "zod";
import type { OperationContext } from "../../context";
import { notFound } from "../../errors";

/** What an admin sees: never the keytab, only whether one is set. */
export const identityProviderView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(IdentityProviderType),
  issuer: z.string(),
  certificates: z.array(z.string()),
  jwksUri: z.string().nullable(),
  audience: z.string().nullable(),
  clockSkewSeconds: z.number(),
  mapping: z.record(z.string(), z.unknown()),
  provisionUsers: z.boolean(),
  allowSha1: z.boolean(),
  hasKeytab: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type IdentityProviderView = z.infer<typeof identityProviderView>;

export function toIdentityProviderView(row: IdentityProvider): IdentityProviderView {
  return identityProviderView.parse({
    id: row.id,
    name: row.name,
    type: row.type,
    issuer: row.issuer,
    certificates: stringList(row.certificates),
    jwksUri: row.jwksUri,
    audience: row.audience,
    clockSkewSeconds: row.clockSkewSeconds,
    mapping: jsonObject(row.mapping),
    provisionUsers: row.provisionUsers,
    allowSha1: row.allowSha1,
    hasKeytab: row.keytabEnc !== null,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}

export async function findIdentityProvider(ctx: OperationContext, id: string) {
  const row = await ctx.db.identityProvider.findUnique({ where: { id } });
  if (!row) throw notFound("identity provider");
  return row;
}
