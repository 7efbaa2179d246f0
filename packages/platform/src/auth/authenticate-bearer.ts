import { type Db, jsonObject } from "@portico/db";
import { AccessTokenError, looksLikeJwt, opaqueTokenHash, verifyJwtAccessToken } from "@portico/tokens";
import { createLocalJWKSet, type JSONWebKeySet } from "jose";
import { AppError } from "../errors";
import type { Principal } from "./principal";

interface KeyCache {
  at: number;
  jwks: ReturnType<typeof createLocalJWKSet>;
}
const keyCache = new WeakMap<Db, KeyCache>();

/** The key manager's published token keys, read from the database (refreshed every 30 s). */
async function tokenKeys(db: Db): Promise<KeyCache["jwks"]> {
  const cached = keyCache.get(db);
  if (cached && Date.now() - cached.at < 30_000) return cached.jwks;
  const rows = await db.signingKey.findMany({ where: { use: "ACCESS_TOKEN" } });
  const jwks = createLocalJWKSet({
    keys: rows.map((r) => ({ ...jsonObject(r.publicJwk), kid: r.kid, alg: r.alg })),
  } as JSONWebKeySet);
  keyCache.set(db, { at: Date.now(), jwks });
  return jwks;
}

const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message);

/**
 * Authenticates a REST call's `Authorization: Bearer` token issued by the resident key manager
 * (JWT or opaque), refusing expired and revoked ones. Roles come from the user store, not the token.
 */
export async function authenticateBearer(
  db: Db,
  authorization: string | null,
  options: { issuer: string; audience: string; ip?: string; now?: () => Date },
): Promise<Principal> {
  // business time (token expiry) follows the context's clock; the key cache's age does not
  const now = options.now?.() ?? new Date();
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(authorization ?? "");
  if (!match?.[1]) throw unauthenticated("a Bearer access token is required");
  const token = match[1];
  let jti: string;
  if (looksLikeJwt(token)) {
    try {
      const claims = await verifyJwtAccessToken(token, await tokenKeys(db), {
        issuer: options.issuer,
        audience: options.audience,
        currentDate: now,
      });
      jti = claims.jti;
    } catch (error) {
      if (error instanceof AccessTokenError) {
        if (error.code === "ERR_TOKEN_UNKNOWN_KEY") keyCache.delete(db);
        throw unauthenticated(
          error.code === "ERR_TOKEN_EXPIRED" ? "the access token has expired" : "the access token is invalid",
        );
      }
      throw error;
    }
  } else {
    const row = await db.accessToken.findUnique({
      where: { tokenHash: opaqueTokenHash(token) },
      select: { jti: true },
    });
    if (!row) throw unauthenticated("the access token is invalid");
    jti = row.jti;
  }
  const record = await db.accessToken.findUnique({
    where: { jti },
    include: { user: { include: { roles: { include: { role: true } } } } },
  });
  if (!record || record.revokedAt || record.expiresAt.getTime() <= now.getTime()) {
    throw unauthenticated(
      record?.revokedAt ? "the access token has been revoked" : "the access token is invalid",
    );
  }
  if (!record.user || record.user.disabled)
    throw unauthenticated("the access token does not belong to an active user");
  return {
    userId: record.user.id,
    username: record.user.username,
    roles: record.user.roles.map((r) => r.role.name),
    scopes: new Set(record.scope.split(" ").filter(Boolean)),
    via: "token",
    ip: options.ip,
  };
}
