import type { Db } from "@portico/db";
import { AccessTokenError, looksLikeJwt, opaqueTokenHash, verifyJwtAccessToken } from "@portico/tokens";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JWTVerifyGetKey } from "jose";
import type { KeyType, RouteApi, Snapshot } from "../config/snapshot";
import { GatewayError, unauthorized } from "../errors";
import type { Caller } from "./caller";
import { introspectExternalToken, verifyExternalToken } from "./external-token";
import type { RevocationList } from "./revocation-list";
import { TokenCache } from "./token-cache";

export interface AuthenticatorOptions {
  db: Db;
  issuer: string;
  audience: string;
  clock: () => number;
  revocations: RevocationList;
  snapshot: () => Snapshot;
  /** re-reads the configuration (and so the resident key manager's keys) */
  refreshKeys: () => Promise<void>;
}

function splitScopes(value: unknown): Set<string> {
  return new Set(typeof value === "string" ? value.split(" ").filter(Boolean) : []);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * Disabling a user revokes their tokens and those of their applications; a token whose row was
 * written while the disable was being saved is caught here, the first time the gateway sees it.
 */
const disabledAccountSelect = {
  user: { select: { disabled: true } },
  application: { select: { owner: { select: { disabled: true } } } },
} as const;

function ofDisabledAccount(row: {
  user?: { disabled: boolean } | null;
  application?: { owner: { disabled: boolean } } | null;
}): boolean {
  return row.user?.disabled === true || row.application?.owner.disabled === true;
}

/** Reads `Authorization: Bearer <token>` (RFC 6750 section 2.1); the header is the only place a token is accepted. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match?.[1]) throw unauthorized("invalid_token", "the Authorization header must be 'Bearer <token>'");
  return match[1];
}

/**
 * Turns a bearer token into a Caller: resident JWTs verified against the key manager's
 * published keys, opaque tokens looked up by hash, external issuers' tokens by their JWKS or
 * introspection. Every verified token is cached; revocation is checked on every call.
 */
export class Authenticator {
  private readonly cache = new TokenCache();
  private keySet: { keys: Snapshot["accessTokenKeys"]; getKey: JWTVerifyGetKey } | undefined;

  constructor(private readonly options: AuthenticatorOptions) {}

  clearCache(): void {
    this.cache.clear();
  }

  /**
   * The caller an Authorization header (`Bearer <token>`) stands for. A header seen before is
   * answered from the cache without a promise (the hot path awaits only when something must be
   * verified or looked up); a new one is parsed and its token verified.
   */
  authenticate(authorization: string, api: RouteApi): Caller | Promise<Caller> {
    const now = this.options.clock();
    const cached = this.cache.get(authorization, Math.floor(now / 1000));
    if (cached) return this.admit(cached, api);
    const token = bearerToken(authorization);
    if (!token) throw unauthorized("invalid_token", "the Authorization header must be 'Bearer <token>'");
    return this.verify(authorization, token, api, now);
  }

  private async verify(authorization: string, token: string, api: RouteApi, now: number): Promise<Caller> {
    const caller = looksLikeJwt(token)
      ? await this.verifyJwt(token, api, now)
      : await this.lookUpOpaque(token, api, now);
    if (!this.options.revocations.has(caller.jti)) this.cache.set(authorization, caller);
    return this.admit(caller, api);
  }

  /** Checks every call makes, cached token or not: revocation and whether the API trusts the issuer. */
  private admit(caller: Caller, api: RouteApi): Caller {
    if (this.options.revocations.has(caller.jti))
      throw unauthorized("token_revoked", "the access token has been revoked");
    // The cache is shared by all APIs: an external issuer's token is only good where that key manager is accepted.
    if (caller.keyManagerId !== undefined && !api.keyManagerIds.has(caller.keyManagerId)) {
      throw unauthorized("invalid_token", "the access token's issuer is not trusted by this API");
    }
    // An API that lists its key managers accepts the resident one's tokens only when it is listed.
    if (caller.keyManagerId === undefined && api.keyManagerIds.size > 0 && !this.listsResident(api)) {
      throw unauthorized("invalid_token", "the access token's issuer is not trusted by this API");
    }
    return caller;
  }

  private listsResident(api: RouteApi): boolean {
    for (const id of this.options.snapshot().residentKeyManagerIds)
      if (api.keyManagerIds.has(id)) return true;
    return false;
  }

  private getKey(): JWTVerifyGetKey {
    const keys = this.options.snapshot().accessTokenKeys;
    if (this.keySet?.keys !== keys) this.keySet = { keys, getKey: createLocalJWKSet({ keys }) };
    return this.keySet.getKey;
  }

  private async verifyJwt(token: string, api: RouteApi, now: number): Promise<Caller> {
    let issuer: unknown;
    let kid: unknown;
    try {
      const header = decodeProtectedHeader(token);
      if (typeof header.alg !== "string" || header.alg.toLowerCase() === "none") throw new Error("alg");
      kid = header.kid;
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthorized("invalid_token", "the access token could not be read");
    }
    if (typeof issuer === "string" && issuer !== this.options.issuer) {
      const external = this.options.snapshot().externalKeyManagers.get(issuer);
      if (!external || !api.keyManagerIds.has(external.id))
        throw unauthorized("invalid_token", "the access token's issuer is not trusted by this API");
      return verifyExternalToken(this.options.db, external, token, now);
    }
    let claims: Awaited<ReturnType<typeof verifyJwtAccessToken>>;
    try {
      claims = await this.verifyResident(token, now);
    } catch (error) {
      if (
        error instanceof AccessTokenError &&
        error.code === "ERR_TOKEN_UNKNOWN_KEY" &&
        (await this.isNewSigningKey(kid))
      ) {
        // A key rotated in before its change event arrived: re-read the keys, then try again.
        await this.options.refreshKeys();
        claims = await this.verifyResident(token, now).catch((e: unknown) => {
          throw toUnauthorized(e);
        });
      } else throw toUnauthorized(error);
    }
    // Every issued token has a record; one without is not ours, and a revoked one is refused.
    const row = await this.options.db.accessToken.findUnique({
      where: { jti: claims.jti },
      select: {
        revokedAt: true,
        applicationId: true,
        keyType: true,
        expiresAt: true,
        client: { select: { revokedAt: true } },
        ...disabledAccountSelect,
      },
    });
    if (!row) throw unauthorized("invalid_token", "the access token is not known to the key manager");
    if (row.revokedAt || row.client.revokedAt || ofDisabledAccount(row)) {
      this.options.revocations.add(claims.jti, row.expiresAt.getTime());
      throw unauthorized("token_revoked", "the access token has been revoked");
    }
    const applicationId = claims.application_id ?? row.applicationId ?? undefined;
    return {
      jti: claims.jti,
      issuer: claims.iss,
      clientId: claims.client_id,
      ...(applicationId ? { applicationId } : {}),
      keyType: (claims.key_type ?? row.keyType) as KeyType,
      scopes: splitScopes(claims.scope),
      subject: claims.sub,
      ...(claims.username ? { username: claims.username } : {}),
      roles: stringsOf(claims.roles),
      applicationToken: claims.gty === "client_credentials" || claims.sub === claims.client_id,
      expiresAt: claims.exp,
      claims: claims as unknown as Record<string, unknown>,
    };
  }

  /** One indexed lookup: is this kid a published access-token key the snapshot lacks? */
  private async isNewSigningKey(kid: unknown): Promise<boolean> {
    if (typeof kid !== "string" || kid.length > 200) return false;
    const row = await this.options.db.signingKey.findUnique({
      where: { kid },
      select: { use: true, status: true },
    });
    return row?.use === "ACCESS_TOKEN";
  }

  private verifyResident(token: string, now: number) {
    return verifyJwtAccessToken(token, this.getKey(), {
      issuer: this.options.issuer,
      audience: this.options.audience,
      currentDate: new Date(now),
      clockTolerance: 5,
    });
  }

  /**
   * Opaque tokens nobody knows, remembered for a couple of seconds: a client retrying a bad token
   * (or someone guessing) costs no database lookup per call. Keyed by hash, bounded.
   */
  private readonly unknownOpaque = new Map<string, number>();

  private async lookUpOpaque(token: string, api: RouteApi, now: number): Promise<Caller> {
    if (token.length > 512) throw unauthorized("invalid_token", "the access token is not valid");
    const hash = opaqueTokenHash(token);
    const unknownUntil = this.unknownOpaque.get(hash);
    if (unknownUntil !== undefined && unknownUntil > now)
      throw unauthorized("invalid_token", "the access token is not valid");
    try {
      return await this.lookUpOpaqueByHash(hash, token, api, now);
    } catch (error) {
      if (error instanceof GatewayError && error.code === "invalid_token") {
        if (this.unknownOpaque.size >= 10_000) this.unknownOpaque.clear();
        this.unknownOpaque.set(hash, now + 2_000);
      }
      throw error;
    }
  }

  private async lookUpOpaqueByHash(hash: string, token: string, api: RouteApi, now: number): Promise<Caller> {
    const row = await this.options.db.accessToken.findUnique({
      where: { tokenHash: hash },
      include: {
        user: {
          select: { username: true, disabled: true, roles: { select: { role: { select: { name: true } } } } },
        },
        client: { select: { clientId: true, revokedAt: true } },
        application: disabledAccountSelect.application,
      },
    });
    if (row?.format !== "OPAQUE") {
      // Not ours: an external key manager this API trusts may know it.
      const snapshot = this.options.snapshot();
      for (const id of api.keyManagerIds) {
        for (const km of snapshot.externalKeyManagers.values()) {
          if (km.id === id && km.introspectionEndpoint) {
            const caller = await introspectExternalToken(this.options.db, km, token, now);
            if (caller) return caller;
          }
        }
      }
      throw unauthorized("invalid_token", "the access token is not valid");
    }
    if (row.revokedAt || row.client.revokedAt || ofDisabledAccount(row)) {
      this.options.revocations.add(row.jti, row.expiresAt.getTime());
      throw unauthorized("token_revoked", "the access token has been revoked");
    }
    if (row.expiresAt.getTime() <= now) throw unauthorized("token_expired", "the access token has expired");
    const subject = row.userId ?? row.client.clientId;
    const roles = row.user?.roles.map((r) => r.role.name) ?? [];
    const extra =
      row.claims && typeof row.claims === "object" && !Array.isArray(row.claims)
        ? (row.claims as Record<string, unknown>)
        : {};
    return {
      jti: row.jti,
      issuer: this.options.issuer,
      clientId: row.client.clientId,
      ...(row.applicationId ? { applicationId: row.applicationId } : {}),
      keyType: row.keyType,
      scopes: splitScopes(row.scope),
      subject,
      ...(row.user ? { username: row.user.username } : {}),
      roles,
      applicationToken: !row.userId,
      expiresAt: Math.floor(row.expiresAt.getTime() / 1000),
      claims: {
        ...extra,
        sub: subject,
        client_id: row.client.clientId,
        scope: row.scope,
        jti: row.jti,
        ...(row.user ? { username: row.user.username } : {}),
        roles,
      },
    };
  }
}

function toUnauthorized(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof AccessTokenError) {
    if (error.code === "ERR_TOKEN_EXPIRED")
      return unauthorized("token_expired", "the access token has expired");
    return unauthorized("invalid_token", error.message.replace("the token", "the access token"));
  }
  return unauthorized("invalid_token", "the access token is not valid");
}
