// The developer portal creates an application's client at an external key manager by RFC 7591
// registration, where the admin lets it (offersRegistration). The client secret is shown to the
// developer once and not kept: Portico stores only the client id, to map that key manager's
// tokens to the application.
import { decryptSecret } from "@portico/crypto";
import { z } from "zod";
import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import { recordChange } from "../../changes";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import {
  callKeyManager,
  checkGrantTypesAt,
  findExternalKeyManager,
  keyManagerEndpoint,
  oauthErrorCode,
} from "./external-key-manager-access";

const callbackUrl = z
  .url("must be an absolute URL")
  .refine(
    (u) => /^https:\/\//.test(u) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//.test(u),
    "https, or http on a loopback address",
  )
  .refine((u) => !u.includes("#"), "no fragment (RFC 6749 3.1.2)");

export const registerExternalKeysInput = z
  .object({
    keyManager: z.string().min(1).max(100),
    keyType: z.enum(["PRODUCTION", "SANDBOX"]),
    grantTypes: z.array(z.string()).min(1, "choose at least one grant type").max(10),
    callbackUrls: z.array(callbackUrl).max(20).default([]),
  })
  .strict();

export async function registerExternalKeys(ctx: OperationContext, appId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(registerExternalKeysInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const km = await findExternalKeyManager(ctx, data.keyManager);
  if (!km.offersRegistration)
    throw new AppError(
      "VALIDATION_FAILED",
      `keyManager: ${km.name} does not offer registration; link a client id`,
      {
        fields: [{ field: "keyManager", message: "does not offer registration" }],
      },
    );
  await checkGrantTypesAt(ctx, km, data.grantTypes);
  if (data.grantTypes.includes("authorization_code") && data.callbackUrls.length === 0)
    throw new AppError("VALIDATION_FAILED", "callbackUrls: needed for authorization_code", {
      fields: [{ field: "callbackUrls", message: "needed for authorization_code" }],
    });
  const existing = await ctx.db.oAuthClient.findFirst({
    where: { applicationId: app.id, keyType: data.keyType, revokedAt: null },
  });
  if (existing) throw new AppError("CONFLICT", `${data.keyType.toLowerCase()} keys exist already`);
  const endpoint = await keyManagerEndpoint(km, "registrationEndpoint");
  const registrationToken =
    km.registrationTokenEnc && ctx.keyring
      ? decryptSecret(ctx.keyring, km.registrationTokenEnc, `key-manager-registration:${km.id}`)
      : undefined;
  const answer = await callKeyManager(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      ...(registrationToken ? { authorization: `Bearer ${registrationToken}` } : {}),
    },
    body: JSON.stringify({
      client_name: `${app.name} (${data.keyType.toLowerCase()})`,
      grant_types: data.grantTypes,
      response_types: data.grantTypes.includes("authorization_code") ? ["code"] : [],
      redirect_uris: data.callbackUrls,
      token_endpoint_auth_method: "client_secret_basic",
    }),
  });
  const clientId = answer.body.client_id;
  if (answer.status !== 201 || typeof clientId !== "string" || clientId.length === 0 || clientId.length > 200)
    throw new AppError(
      "VALIDATION_FAILED",
      `keyManager: ${km.name} refused the registration (${oauthErrorCode(answer.body)})`,
      {
        fields: [{ field: "keyManager", message: `registration refused: ${oauthErrorCode(answer.body)}` }],
      },
    );
  if (await ctx.db.oAuthClient.findUnique({ where: { clientId } }))
    throw new AppError("CONFLICT", "the key manager returned a client id that is already in use");
  const client = await ctx.db.oAuthClient.create({
    data: {
      clientId,
      name: `${app.name} (${data.keyType.toLowerCase()})`,
      applicationId: app.id,
      keyType: data.keyType,
      keyManagerId: km.id,
      grantTypes: data.grantTypes,
      redirectUris: data.callbackUrls,
      tokenEndpointAuthMethod: "client_secret_basic",
    },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "keys.register_external",
    { type: "application", id: app.id },
    { keyType: data.keyType, consumerKey: clientId, keyManager: km.name },
  );
  await recordChange(ctx.db, { topic: "client", entityId: clientId }, ctx.redisUrl);
  return {
    keyType: client.keyType,
    keyManager: km.name,
    consumerKey: clientId,
    consumerSecret: typeof answer.body.client_secret === "string" ? answer.body.client_secret : null,
    grantTypes: data.grantTypes,
    callbackUrls: data.callbackUrls,
    tokenEndpoint: km.tokenEndpoint,
    createdAt: client.createdAt.toISOString(),
  };
}
