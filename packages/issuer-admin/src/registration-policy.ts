// What an admin allows dynamic client registration (RFC 7591) to do, stored as the JSON value of
// PlatformSetting `registration.policy`. Off unless an admin switches it on. The platform's admin
// operation validates what it writes; this module reads leniently, falling back to the defaults,
// so a hand-edited row can only ever narrow what registration allows.
import type { JSONWebKeySet } from "jose";

export const REGISTRATION_POLICY_SETTING = "registration.policy";

/**
 * Grant types a dynamically registered client may ever hold. The password grant (RFC 9700 2.4
 * says it must not be used), the developer portal's application-token grant (first party only)
 * and the enterprise grants (bound to configured identity providers) are never registrable.
 */
export const REGISTRABLE_GRANT_TYPES = [
  "authorization_code",
  "refresh_token",
  "client_credentials",
  "urn:ietf:params:oauth:grant-type:jwt-bearer",
  "urn:ietf:params:oauth:grant-type:token-exchange",
] as const;

/** RFC 7591 2: token endpoint authentication methods a registered client may use. */
export const REGISTRABLE_AUTH_METHODS = [
  "client_secret_basic",
  "client_secret_post",
  "private_key_jwt",
  "none",
] as const;

export interface RegistrationPolicy {
  /** RFC 7591 is served (and `registration_endpoint` advertised) only when true. Default false. */
  enabled: boolean;
  /** RFC 7591 3: registration needs an initial access token issued by an admin. Default true. */
  requireInitialAccessToken: boolean;
  /** RFC 7591 2.3: registration needs a software statement signed by a key below. Default false. */
  requireSoftwareStatement: boolean;
  /** public keys that sign accepted software statements; none: every statement is refused */
  softwareStatementJwks: JSONWebKeySet | null;
  /** the `iss` a software statement must carry, when set */
  softwareStatementIssuer: string | null;
  /** grant types a registered client may ask for (within REGISTRABLE_GRANT_TYPES) */
  grantTypes: string[];
  /** token endpoint authentication methods a registered client may ask for */
  tokenEndpointAuthMethods: string[];
  /** hosts redirect URIs may name (`example.com`, `*.example.com`); empty: any https host */
  redirectUriHosts: string[];
}

export const defaultRegistrationPolicy: RegistrationPolicy = {
  enabled: false,
  requireInitialAccessToken: true,
  requireSoftwareStatement: false,
  softwareStatementJwks: null,
  softwareStatementIssuer: null,
  grantTypes: ["authorization_code", "refresh_token", "client_credentials"],
  tokenEndpointAuthMethods: [...REGISTRABLE_AUTH_METHODS],
  redirectUriHosts: [],
};

function strings(value: unknown, within: readonly string[] | null, fallback: string[]): string[] {
  if (!Array.isArray(value)) return fallback;
  return value.filter((v): v is string => typeof v === "string" && (!within || within.includes(v)));
}

/** The stored setting's value as a policy; anything missing or malformed takes its default. */
export function parseRegistrationPolicy(value: unknown): RegistrationPolicy {
  const v =
    value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const d = defaultRegistrationPolicy;
  const jwks = v.softwareStatementJwks as { keys?: unknown } | null | undefined;
  return {
    enabled: v.enabled === true,
    requireInitialAccessToken: v.requireInitialAccessToken !== false,
    requireSoftwareStatement: v.requireSoftwareStatement === true,
    softwareStatementJwks:
      jwks && typeof jwks === "object" && Array.isArray(jwks.keys) ? (jwks as JSONWebKeySet) : null,
    softwareStatementIssuer: typeof v.softwareStatementIssuer === "string" ? v.softwareStatementIssuer : null,
    grantTypes: strings(v.grantTypes, REGISTRABLE_GRANT_TYPES, d.grantTypes),
    tokenEndpointAuthMethods: strings(
      v.tokenEndpointAuthMethods,
      REGISTRABLE_AUTH_METHODS,
      d.tokenEndpointAuthMethods,
    ),
    redirectUriHosts: strings(v.redirectUriHosts, null, d.redirectUriHosts),
  };
}
