// The running key manager's shared state: everything an endpoint or grant module needs,
// passed explicitly rather than read from globals.
import type { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import type { Redis } from "ioredis";
import { RedisSlidingWindowLimiter } from "./abuse/redis-sliding-window";
import { type AbuseLimiter, SlidingWindowLimiter } from "./abuse/sliding-window";
import type { ClientRecord } from "./clients/find-client";
import type { KeyManagerConfiguration } from "./configuration";
import type { GrantRegistry } from "./grants/registry";
import type { SigningKeyStore } from "./keys/signing-keys";
import type { Logger } from "./log";
import type { PlatformSettings } from "./platform-settings";
import type { ChangeNotifier } from "./revocation/change-notifier";
import type { AccessTokenWriter } from "./tokens/access-token-writer";
import type { TtlCache } from "./ttl-cache";

export interface KeyManager {
  db: Db;
  keyring: MasterKeyring;
  /** settings.PORTICO_ISSUER: the `iss` of every token */
  issuer: string;
  /** settings.gatewayUrl: the `aud` of access tokens */
  audience: string;
  /** the resident KeyManager row */
  keyManagerId: string;
  config: KeyManagerConfiguration;
  keys: SigningKeyStore;
  settings: PlatformSettings;
  changes: ChangeNotifier;
  grants: GrantRegistry;
  /** abuse limits: in process, or in Redis (shared by replicas) when REDIS_URL is set */
  limiters: {
    tokenPerClient: AbuseLimiter;
    tokenPerAddress: AbuseLimiter;
    loginPerAddress: AbuseLimiter;
    loginPerUsername: AbuseLimiter;
    signupPerAddress: AbuseLimiter;
  };
  /** batched AccessToken inserts */
  tokenWriter: AccessTokenWriter;
  /** clients and role names, cached for settingsCacheMs (they are read on every token request) */
  cache: { clients: TtlCache<ClientRecord | null>; roles: TtlCache<string[]> };
  /** verified (stored hash, presented secret) pairs, so scrypt runs once per secret, not per request */
  verifiedSecrets: Map<string, number>;
  /** random per-process key for the cache above and CSRF tokens */
  processKey: Buffer;
  log: Logger;
  /** draining: set when the process stops, so /_portico/ready answers 503 while calls finish */
  lifecycle: { draining: boolean };
  /** RFC 8705: whether an admin configured the CA tls_client_auth certificates must chain to */
  clientCaConfigured: boolean;
  /** injectable clock */
  now(): Date;
}

/**
 * The abuse limits of the configuration. With a Redis connection their counts are shared by every
 * replica using it; each replica's in-process counts stand in while Redis cannot be reached.
 */
export function createLimiters(
  config: KeyManagerConfiguration,
  now: () => Date,
  shared?: { redis: Redis; onError: (error: unknown) => void },
): KeyManager["limiters"] {
  const clock = () => now().getTime();
  const limiter = (name: keyof KeyManager["limiters"]): AbuseLimiter => {
    const local = new SlidingWindowLimiter(config.limits[name], clock);
    return shared
      ? new RedisSlidingWindowLimiter(shared.redis, name, config.limits[name], clock, local, shared.onError)
      : local;
  };
  return {
    tokenPerClient: limiter("tokenPerClient"),
    tokenPerAddress: limiter("tokenPerAddress"),
    loginPerAddress: limiter("loginPerAddress"),
    loginPerUsername: limiter("loginPerUsername"),
    signupPerAddress: limiter("signupPerAddress"),
  };
}

/** The endpoint URLs, all under the issuer. */
export function endpointUrls(issuer: string) {
  const base = issuer.replace(/\/$/, "");
  return {
    authorization: `${base}/oauth2/authorize`,
    token: `${base}/oauth2/token`,
    jwks: `${base}/oauth2/jwks`,
    introspection: `${base}/oauth2/introspect`,
    revocation: `${base}/oauth2/revoke`,
    userinfo: `${base}/oauth2/userinfo`,
    endSession: `${base}/oauth2/logout`,
    registration: `${base}/oauth2/register`,
  };
}
