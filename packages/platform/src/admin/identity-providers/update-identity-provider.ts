import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { changedFields, partialUpdateInput } from "../../update-input";
import { bodyOf, columnsOf, createIdentityProviderInput } from "./identity-provider-input";
import { findIdentityProvider, toIdentityProviderView } from "./identity-provider-view";
import { storeKeytab } from "./store-keytab";

/**
 * `PUT /identity-providers/{id}`: a partial update, the fields of the provider's type (as in
 * create) without their defaults; null clears an optional one. The type and name cannot change (provisioned users are linked
 * by `idp:<name>`); a Kerberos update without `keytab` keeps the stored one.
 */
export const updateIdentityProviderInput = z.union(
  createIdentityProviderInput.options.map((variant) =>
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

/** Changes the fields the body names; the provider, changed, is validated as a whole. */
export async function updateIdentityProvider(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const existing = await findIdentityProvider(ctx, id);
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
  const variant = createIdentityProviderInput.options.find((o) => o.shape.type.value === existing.type);
  const merged = { ...bodyOf(existing), ...patch };
  for (const [field, value] of Object.entries(patch)) {
    const schema = (variant?.shape as Record<string, z.ZodType> | undefined)?.[field];
    if (value === null && schema instanceof z.ZodOptional) delete merged[field];
  }
  const data = parseInput(createIdentityProviderInput, merged);
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
  return toIdentityProviderView(row);
}
