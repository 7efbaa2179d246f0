// An admin adds an external key manager (Keycloak, Okta, Auth0, Entra ID, ...) by its issuer URL.
// Discovery fills in the endpoints and the JWKS; the admin chooses how the gateway validates its
// tokens, which claims carry the client id and the scopes, and whether the developer portal
// registers applications' clients there (RFC 7591).
import { encryptSecret } from "@portico/crypto";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { discoverIssuer } from "./discover-issuer";
import { externalKeyManagerView } from "./external-key-manager-view";

const claimName = z.string().min(1).max(100);

export const addKeyManagerByIssuerInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    issuer: z.url().max(2048),
    /** JWKS: signatures checked at the gateway; INTROSPECTION: RFC 7662 (revocation seen within a minute) */
    tokenValidation: z.enum(["JWKS", "INTROSPECTION"]).default("JWKS"),
    /** Portico's own client there, for introspection */
    clientId: z.string().min(1).max(200).optional(),
    clientSecret: z.string().min(1).max(500).optional(),
    /** which claim carries client_id, scope, sub, roles (default: the claim of that name) */
    claimMappings: z
      .object({
        client_id: claimName,
        scope: claimName,
        sub: claimName,
        roles: claimName,
        username: claimName,
      })
      .partial()
      .strict()
      .default({}),
    offersRegistration: z.boolean().default(false),
    /** initial access token for registration there, when it asks for one */
    registrationToken: z.string().min(1).max(4096).optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

export async function addKeyManagerByIssuer(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(addKeyManagerByIssuerInput, body);
  if ((data.clientSecret || data.registrationToken) && !ctx.keyring)
    throw new AppError("INTERNAL", "no master key available to encrypt the key manager's secrets");
  const found = await discoverIssuer(data.issuer);
  const fields: Array<{ field: string; message: string }> = [];
  if (data.tokenValidation === "JWKS" && !found.jwksUri)
    fields.push({ field: "tokenValidation", message: "the issuer publishes no jwks_uri: use INTROSPECTION" });
  if (data.tokenValidation === "INTROSPECTION" && !found.introspectionEndpoint)
    fields.push({ field: "tokenValidation", message: "the issuer has no introspection_endpoint: use JWKS" });
  if (data.tokenValidation === "INTROSPECTION" && !(data.clientId && data.clientSecret))
    fields.push({ field: "clientId", message: "introspection needs Portico's client id and secret there" });
  if (data.offersRegistration && !found.registrationEndpoint)
    fields.push({ field: "offersRegistration", message: "the issuer has no registration_endpoint" });
  if (fields.length)
    throw new AppError("VALIDATION_FAILED", fields.map((f) => `${f.field}: ${f.message}`).join("; "), {
      fields,
    });
  if (await ctx.db.keyManager.findFirst({ where: { OR: [{ name: data.name }, { issuer: found.issuer }] } }))
    throw new AppError("CONFLICT", "a key manager with this name or issuer exists");
  const row = await ctx.db.keyManager.create({
    data: {
      name: data.name,
      type: "EXTERNAL",
      issuer: found.issuer,
      discoveryUrl: found.discoveryUrl,
      jwksUri: found.jwksUri,
      tokenEndpoint: found.tokenEndpoint,
      introspectionEndpoint: found.introspectionEndpoint,
      registrationEndpoint: found.registrationEndpoint,
      tokenValidation: data.tokenValidation,
      offersRegistration: data.offersRegistration,
      clientId: data.clientId,
      claimMappings: data.claimMappings,
      enabled: data.enabled,
    },
  });
  // secrets are bound to their row (associated data), so they are encrypted once the id exists
  if (ctx.keyring && (data.clientSecret || data.registrationToken)) {
    await ctx.db.keyManager.update({
      where: { id: row.id },
      data: {
        ...(data.clientSecret
          ? { clientSecretEnc: encryptSecret(ctx.keyring, data.clientSecret, `key-manager:${row.id}`) }
          : {}),
        ...(data.registrationToken
          ? {
              registrationTokenEnc: encryptSecret(
                ctx.keyring,
                data.registrationToken,
                `key-manager-registration:${row.id}`,
              ),
            }
          : {}),
      },
    });
  }
  await audit(
    ctx.db,
    ctx.actor,
    "key_manager.create",
    { type: "key_manager", id: row.id },
    {
      name: data.name,
      issuer: found.issuer,
      tokenValidation: data.tokenValidation,
      offersRegistration: data.offersRegistration,
    },
  );
  await recordChange(ctx.db, { topic: "key-manager", entityId: row.id }, ctx.redisUrl);
  return externalKeyManagerView(await ctx.db.keyManager.findUniqueOrThrow({ where: { id: row.id } }));
}
