import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { columnsOf, createIdentityProviderInput } from "./identity-provider-input";
import { toIdentityProviderView } from "./identity-provider-view";
import { storeKeytab } from "./store-keytab";

/** Registers a trusted identity provider; a Kerberos keytab (base64) is stored encrypted. */
export async function createIdentityProvider(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(createIdentityProviderInput, body);
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
  return toIdentityProviderView(await ctx.db.identityProvider.findUniqueOrThrow({ where: { id: row.id } }));
}
