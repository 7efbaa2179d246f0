import type { Db } from "@portico/db";
import { ALLOWED_ACCESS_TOKEN_ALGS } from "@portico/tokens";
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify } from "jose";
import { request } from "undici";
import type { ExternalKeyManager, KeyType } from "../config/snapshot";
import { unauthorized } from "../errors";
import type { Caller } from "./caller";

const remoteKeySets = new Map<string, { uri: string; getKey: JWTVerifyGetKey }>();

function remoteKeySet(km: ExternalKeyManager & { jwksUri: string }): JWTVerifyGetKey {
  let entry = remoteKeySets.get(km.id);
  if (!entry || entry.uri !== km.jwksUri) {
    entry = {
      uri: km.jwksUri,
      getKey: createRemoteJWKSet(new URL(km.jwksUri), {
        timeoutDuration: 3_000,
        cooldownDuration: 1_000,
        cacheMaxAge: 600_000,
      }),
    };
    remoteKeySets.set(km.id, entry);
  }
  return entry.getKey;
}

/** `claimMappings` name the external claim that carries each Portico field (`{"sub": "email"}`). */
function mapped(km: ExternalKeyManager, claims: Record<string, unknown>, field: string): unknown {
  const source = km.claimMappings[field];
  return source ? claims[source] : claims[field];
}

async function toCaller(
  db: Db,
  km: ExternalKeyManager,
  claims: Record<string, unknown>,
  now: number,
): Promise<Caller> {
  const clientId = String(mapped(km, claims, "client_id") ?? mapped(km, claims, "azp") ?? "");
  const scopeValue = mapped(km, claims, "scope") ?? mapped(km, claims, "scp");
  const scopes = new Set(
    Array.isArray(scopeValue)
      ? scopeValue.map(String)
      : typeof scopeValue === "string"
        ? scopeValue.split(" ").filter(Boolean)
        : [],
  );
  // The application is the one whose keys at this key manager carry that client id.
  const client = clientId
    ? await db.oAuthClient.findFirst({
        where: { clientId, keyManagerId: km.id },
        select: { applicationId: true, keyType: true, revokedAt: true },
      })
    : null;
  const rolesValue = mapped(km, claims, "roles");
  const subject = String(mapped(km, claims, "sub") ?? clientId);
  const username = mapped(km, claims, "username") ?? mapped(km, claims, "preferred_username");
  const exp = typeof claims.exp === "number" ? claims.exp : Math.floor(now / 1000) + 300;
  return {
    jti: typeof claims.jti === "string" ? `${km.id}:${claims.jti}` : `${km.id}:${subject}:${exp}`,
    issuer: km.issuer,
    keyManagerId: km.id,
    clientId,
    ...(client?.applicationId && !client.revokedAt ? { applicationId: client.applicationId } : {}),
    keyType: (client?.keyType ?? "PRODUCTION") as KeyType,
    scopes,
    subject,
    ...(typeof username === "string" ? { username } : {}),
    roles: Array.isArray(rolesValue)
      ? rolesValue.map(String)
      : typeof rolesValue === "string"
        ? rolesValue.split(/[ ,]/).filter(Boolean)
        : [],
    applicationToken: subject === clientId,
    expiresAt: exp,
    claims,
  };
}

/**
 * A JWT from an external key manager, verified with its JWKS, or by introspection when the admin
 * chose it (so a revocation there is seen within the introspection cache bound) or there is no JWKS.
 */
export async function verifyExternalToken(
  db: Db,
  km: ExternalKeyManager,
  token: string,
  now: number,
): Promise<Caller> {
  if (!km.jwksUri || km.tokenValidation === "INTROSPECTION") {
    const caller = km.introspectionEndpoint ? await introspectExternalToken(db, km, token, now) : undefined;
    if (!caller) throw unauthorized("invalid_token", "the access token is not valid");
    return caller;
  }
  try {
    const { payload } = await jwtVerify(token, remoteKeySet({ ...km, jwksUri: km.jwksUri }), {
      issuer: km.issuer,
      algorithms: [...ALLOWED_ACCESS_TOKEN_ALGS],
      currentDate: new Date(now),
      clockTolerance: 5,
      requiredClaims: ["exp"],
    });
    return toCaller(db, km, payload as Record<string, unknown>, now);
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      throw unauthorized("token_expired", "the access token has expired");
    throw unauthorized("invalid_token", "the access token is not valid for its issuer");
  }
}

/** RFC 7662 introspection at the external key manager; undefined when it says the token is not active. */
export async function introspectExternalToken(
  db: Db,
  km: ExternalKeyManager,
  token: string,
  now: number,
): Promise<Caller | undefined> {
  if (!km.introspectionEndpoint) return undefined;
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "application/json",
  };
  if (km.clientId && km.clientSecret) {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(km.clientId)}:${encodeURIComponent(km.clientSecret)}`).toString("base64")}`;
  }
  try {
    const response = await request(km.introspectionEndpoint, {
      method: "POST",
      headers,
      body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
      headersTimeout: 3_000,
      bodyTimeout: 3_000,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return undefined;
    }
    const body = (await response.body.json()) as Record<string, unknown>;
    if (body.active !== true) return undefined;
    if (typeof body.exp === "number" && body.exp * 1000 <= now) return undefined;
    const caller = await toCaller(db, km, body, now);
    // Introspection is how revocation at the external issuer becomes visible: ask again soon.
    return { ...caller, expiresAt: Math.min(caller.expiresAt, Math.floor(now / 1000) + 60) };
  } catch {
    return undefined;
  }
}
