import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { Caller } from "../auth/caller";
import type { ApplicationEntry, RouteApi, SubscriptionEntry } from "../config/snapshot";
import type { BackendSigningKey } from "./backend-signing-key";

export interface BackendJwtInput {
  api: RouteApi;
  /** the API's public URL at the gateway: the backend JWT's audience */
  apiUrl: string;
  caller?: Caller;
  application?: ApplicationEntry;
  subscription?: SubscriptionEntry;
  issuer: string;
  nowSeconds: number;
}

/** Claims the backend receives (names are documented in the package README). */
export function backendJwtClaims(input: BackendJwtInput): Record<string, unknown> {
  const { api, caller, application } = input;
  const claims: Record<string, unknown> = {
    iss: input.issuer,
    aud: input.apiUrl,
    iat: input.nowSeconds,
    exp: input.nowSeconds + api.backendJwt.expirySeconds,
    jti: randomUUID(),
    api_name: api.name,
    api_context: api.context,
    api_version: api.version,
  };
  if (caller) {
    claims.sub = caller.applicationToken
      ? (application?.id ?? caller.clientId)
      : (caller.username ?? caller.subject);
    claims.client_id = caller.clientId;
    claims.key_type = caller.keyType;
    claims.scope = [...caller.scopes].join(" ");
    if (!caller.applicationToken) {
      claims.enduser = caller.username ?? caller.subject;
      claims.roles = caller.roles;
    }
    for (const [name, source] of Object.entries(api.backendJwt.claims)) {
      const value = caller.claims[source];
      if (value !== undefined && !(name in claims)) claims[name] = value;
    }
  }
  if (application) {
    claims.application_id = application.id;
    claims.application_name = application.name;
    claims.application_tier = application.tier?.name ?? null;
    claims.subscriber = application.owner;
  }
  if (input.subscription) claims.subscription_tier = input.subscription.tier?.name ?? null;
  return claims;
}

/**
 * Signed backend JWTs, cached per verified token (its Caller object) and API until shortly
 * before they expire, so a busy token costs one signature per expiry period and a cached one
 * neither a string key nor a promise.
 */
export class BackendJwtIssuer {
  private cache = new WeakMap<Caller, Map<string, { jwt: string; refreshAt: number }>>();

  constructor(private readonly key: BackendSigningKey) {}

  /** The cached JWT for this caller and API, while it is fresh. */
  cached(caller: Caller | undefined, api: RouteApi, nowSeconds: number): string | undefined {
    if (!caller) return undefined;
    const hit = this.cache.get(caller)?.get(api.id);
    return hit && hit.refreshAt > nowSeconds ? hit.jwt : undefined;
  }

  /** Signs a new one and keeps it for the caller (callers look in `cached` first). */
  async issue(input: BackendJwtInput): Promise<string> {
    const claims = backendJwtClaims(input);
    const jwt = await new SignJWT(claims)
      .setProtectedHeader({ alg: this.key.alg, kid: this.key.kid, typ: "JWT" })
      .sign(this.key.privateKey);
    if (input.caller) {
      let perApi = this.cache.get(input.caller);
      if (!perApi) {
        perApi = new Map();
        this.cache.set(input.caller, perApi);
      }
      // Refresh at 80% of the lifetime so the backend never gets one about to expire.
      perApi.set(input.api.id, {
        jwt,
        refreshAt: input.nowSeconds + Math.floor(input.api.backendJwt.expirySeconds * 0.8),
      });
    }
    return jwt;
  }

  clear(): void {
    this.cache = new WeakMap();
  }
}
