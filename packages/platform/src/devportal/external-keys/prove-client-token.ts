// The proof that a developer holds a client at an external key manager: an access token that key
// manager issued to that client with the client credentials grant (no user in it). Checked by the
// key manager's JWKS, or by RFC 7662 introspection with Portico's credentials there.
import type { KeyManager } from "@portico/db";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { checkKeyManagerEgress } from "../../admin/external-key-managers/discover-issuer";
import type { OperationContext } from "../../context";
import { AppError } from "../../errors";
import {
  basicAuthorization,
  callKeyManager,
  keyManagerCredentials,
  keyManagerEndpoint,
} from "./external-key-manager-access";

const refused = (message: string) =>
  new AppError("VALIDATION_FAILED", `accessToken: ${message}`, {
    fields: [{ field: "accessToken", message }],
  });

async function claimsByJwks(km: KeyManager, token: string): Promise<Record<string, unknown>> {
  if (!km.jwksUri) throw refused("the key manager publishes no keys to check it with");
  await checkKeyManagerEgress("keyManager", km.jwksUri);
  try {
    const { payload } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(km.jwksUri), { timeoutDuration: 5000 }),
      {
        issuer: km.issuer,
        requiredClaims: ["exp"],
      },
    );
    return payload as Record<string, unknown>;
  } catch {
    throw refused("not a valid token of this key manager");
  }
}

async function claimsByIntrospection(ctx: OperationContext, km: KeyManager, token: string) {
  const credentials = keyManagerCredentials(ctx, km);
  if (!credentials) throw refused("Portico has no credentials to introspect at this key manager");
  const endpoint = await keyManagerEndpoint(km, "introspectionEndpoint");
  const answer = await callKeyManager(endpoint, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      authorization: basicAuthorization(credentials.clientId, credentials.secret),
    },
    body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
  });
  if (answer.status !== 200 || answer.body.active !== true)
    throw refused("not an active token of this key manager");
  return answer.body;
}

const looksLikeJwt = (token: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

/** The client id the token was issued to, when it is a client-credentials token of this key manager. */
export async function proveClientToken(
  ctx: OperationContext,
  km: KeyManager,
  token: string,
): Promise<string> {
  const claims =
    km.tokenValidation === "JWKS" && looksLikeJwt(token)
      ? await claimsByJwks(km, token)
      : await claimsByIntrospection(ctx, km, token);
  const mappings = (km.claimMappings ?? {}) as Record<string, string>;
  const clientId = claims[mappings.client_id ?? "client_id"] ?? claims.azp;
  if (typeof clientId !== "string" || !clientId) throw refused("the token names no client");
  const sub = claims[mappings.sub ?? "sub"];
  // a user's token proves a sign-in, not the client's credentials (a public client has none)
  if (sub !== undefined && sub !== clientId)
    throw refused("use a token from the client credentials grant (no user)");
  return clientId;
}
