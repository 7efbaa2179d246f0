// The running key manager's shared state: everything an endpoint or grant module needs,
// passed explicitly rather than read from globals.
import type { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { SlidingWindowLimiter } from "./abuse/sliding-window";
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
  limiters: {
    tokenPerClient: SlidingWindowLimiter;
    tokenPerAddress: SlidingWindowLimiter;
    loginPerAddress: SlidingWindowLimiter;
    loginPerUsername: SlidingWindowLimiter;
    signupPerAddress: SlidingWindowLimiter;
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
  /** injectable clock */
  now(): Date;
}

export function createLimiters(config: KeyManagerConfiguration, now: () => Date): KeyManager["limiters"] {
  const clock = () => now().getTime();
  return {
    tokenPerClient: new SlidingWindowLimiter(config.limits.tokenPerClient, clock),
    tokenPerAddress: new SlidingWindowLimiter(config.limits.tokenPerAddress, clock),
    loginPerAddress: new SlidingWindowLimiter(config.limits.loginPerAddress, clock),
    loginPerUsername: new SlidingWindowLimiter(config.limits.loginPerUsername, clock),
    signupPerAddress: new SlidingWindowLimiter(config.limits.signupPerAddress, clock),
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
  };
}
