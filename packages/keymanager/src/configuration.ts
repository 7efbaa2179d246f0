// The key manager's configuration: every option with its default and the standard it follows.
// `resolveConfiguration` merges overrides over these defaults and validates the result at start.

export interface RateLimit {
  /** requests allowed per window */
  limit: number;
  windowSeconds: number;
}

export interface KeyManagerConfiguration {
  /** RFC 9068 2.1 / RFC 7518 3.1: JWT access tokens are signed with this algorithm. */
  accessTokenSigningAlg: "ES256" | "RS256";
  /** OpenID Connect Core 3.1.3.7: RS256 is the algorithm every OIDC client accepts by default. */
  idTokenSigningAlg: "ES256" | "RS256";
  /** Largest accepted request body; larger ones get 413 invalid_request. */
  maxBodyBytes: number;
  /** How long platform settings (grant switches, validity limits) are cached; 0 reads them on every request. */
  settingsCacheMs: number;
  /** How long the key manager's own browser session lasts (OpenID Connect Core 2 auth_time, sid). */
  loginSessionSeconds: number;
  /** Abuse limits (RFC 6749 10.10 asks for protection against credential guessing). */
  limits: {
    tokenPerClient: RateLimit;
    tokenPerAddress: RateLimit;
    loginPerAddress: RateLimit;
    loginPerUsername: RateLimit;
    /** developer self sign-up attempts (every submitted form) */
    signupPerAddress: RateLimit;
  };
  /** RFC 7523 3: how much clock skew is tolerated on assertions. */
  assertionClockSkewSeconds: number;
  /** RFC 7523 3: assertions whose exp is further than this in the future are refused. */
  assertionMaxLifetimeSeconds: number;
  /** RFC 9449 8: token requests with a DPoP proof must carry a server-provided nonce (`use_dpop_nonce`). */
  dpopNonceRequired: boolean;
  /** RFC 9449 11.1: how old a DPoP proof's iat may be, seconds (its jti is remembered that long). */
  dpopProofMaxAgeSeconds: number;
}

export const defaultConfiguration: KeyManagerConfiguration = {
  accessTokenSigningAlg: "ES256",
  idTokenSigningAlg: "RS256",
  maxBodyBytes: 64 * 1024,
  settingsCacheMs: 1000,
  loginSessionSeconds: 8 * 3600,
  limits: {
    tokenPerClient: { limit: 1200, windowSeconds: 60 },
    tokenPerAddress: { limit: 3000, windowSeconds: 60 },
    /** failed sign-ins only (login page and password grant) */
    loginPerAddress: { limit: 30, windowSeconds: 60 },
    loginPerUsername: { limit: 10, windowSeconds: 60 },
    signupPerAddress: { limit: 20, windowSeconds: 600 },
  },
  assertionClockSkewSeconds: 60,
  assertionMaxLifetimeSeconds: 3600,
  dpopNonceRequired: false,
  dpopProofMaxAgeSeconds: 300,
};

export type ConfigurationOverrides = Partial<Omit<KeyManagerConfiguration, "limits">> & {
  limits?: Partial<KeyManagerConfiguration["limits"]>;
};

export class ConfigurationError extends Error {
  readonly code = "ERR_KEYMANAGER_CONFIGURATION";
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** Merges overrides over the defaults and checks every value. */
export function resolveConfiguration(overrides: ConfigurationOverrides = {}): KeyManagerConfiguration {
  const config: KeyManagerConfiguration = {
    ...defaultConfiguration,
    ...overrides,
    limits: { ...defaultConfiguration.limits, ...overrides.limits },
  };
  for (const alg of [config.accessTokenSigningAlg, config.idTokenSigningAlg]) {
    if (alg !== "ES256" && alg !== "RS256")
      throw new ConfigurationError(`unsupported signing algorithm ${String(alg)}`);
  }
  const positive: Array<[string, number]> = [
    ["maxBodyBytes", config.maxBodyBytes],
    ["loginSessionSeconds", config.loginSessionSeconds],
    ["assertionMaxLifetimeSeconds", config.assertionMaxLifetimeSeconds],
    ["dpopProofMaxAgeSeconds", config.dpopProofMaxAgeSeconds],
  ];
  for (const [name, limit] of Object.entries(config.limits)) {
    positive.push(
      [`limits.${name}.limit`, limit.limit],
      [`limits.${name}.windowSeconds`, limit.windowSeconds],
    );
  }
  for (const [name, value] of positive) {
    if (!Number.isFinite(value) || value <= 0)
      throw new ConfigurationError(`${name} must be a positive number`);
  }
  if (config.settingsCacheMs < 0) throw new ConfigurationError("settingsCacheMs must not be negative");
  return config;
}
