// Token generation in the developer portal for keys at an external key manager: the client
// credentials grant there, with the secret the developer types (Portico never kept it).
import { z } from "zod";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { AppError, notFound, parseInput } from "../../errors";
import { findOwnApplication } from "../application-access";
import {
  basicAuthorization,
  callKeyManager,
  grantTypesAllowedAt,
  keyManagerEndpoint,
  oauthErrorCode,
} from "./external-key-manager-access";

export const generateExternalTokenInput = z
  .object({
    consumerSecret: z.string().min(1).max(1024),
    scopes: z
      .array(z.string().regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, "a scope token (RFC 6749 3.3)"))
      .max(50)
      .default([]),
  })
  .strict();

export async function generateExternalToken(
  ctx: OperationContext,
  appId: string,
  keyType: string,
  body: unknown,
) {
  requireScope(ctx.actor, RestScope.appManage);
  const data = parseInput(generateExternalTokenInput, body);
  const app = await findOwnApplication(ctx.db, ctx.actor, appId);
  const client = await ctx.db.oAuthClient.findFirst({
    where: {
      applicationId: app.id,
      keyType: keyType as "PRODUCTION",
      revokedAt: null,
      keyManager: { type: "EXTERNAL" },
    },
    include: { keyManager: true },
  });
  if (!client?.keyManager.enabled) throw notFound(`${keyType.toLowerCase()} keys at an external key manager`);
  const allowed = await grantTypesAllowedAt(ctx, client.keyManager);
  if (!allowed.has("client_credentials") || !(client.grantTypes as string[]).includes("client_credentials"))
    throw new AppError("VALIDATION_FAILED", "keyType: these keys may not use the client credentials grant", {
      fields: [{ field: "keyType", message: "client credentials not allowed for these keys" }],
    });
  const endpoint = await keyManagerEndpoint(client.keyManager, "tokenEndpoint");
  const answer = await callKeyManager(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      authorization: basicAuthorization(client.clientId, data.consumerSecret),
    },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      ...(data.scopes.length ? { scope: data.scopes.join(" ") } : {}),
    }).toString(),
  });
  if (answer.status !== 200 || typeof answer.body.access_token !== "string")
    throw new AppError(
      "VALIDATION_FAILED",
      `consumerSecret: ${client.keyManager.name} refused (${oauthErrorCode(answer.body)})`,
      {
        fields: [{ field: "consumerSecret", message: `refused: ${oauthErrorCode(answer.body)}` }],
      },
    );
  return {
    accessToken: answer.body.access_token,
    tokenType: typeof answer.body.token_type === "string" ? answer.body.token_type : "Bearer",
    expiresIn: typeof answer.body.expires_in === "number" ? answer.body.expires_in : null,
    scope: typeof answer.body.scope === "string" ? answer.body.scope : data.scopes.join(" "),
    keyManager: client.keyManager.name,
  };
}
