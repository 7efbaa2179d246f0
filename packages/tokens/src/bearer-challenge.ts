// RFC 6750 section 3: the `WWW-Authenticate: Bearer` challenge, written once for the gateway, the
// key manager and the REST APIs; and RFC 9449 7.1's `DPoP` challenge, quoted the same way.

/** The challenge's auth-params (RFC 6750 3); each is written only when given. */
export interface BearerChallengeParams {
  realm?: string;
  /** `invalid_request`, `invalid_token` or `insufficient_scope` (RFC 6750 3.1) */
  error?: string;
  error_description?: string;
  /** the scope the resource needs, space-separated */
  scope?: string;
}

const ORDER = ["realm", "error", "error_description", "scope"] as const;

/**
 * A quoted-string (RFC 7235 2.1, RFC 9110 5.6.4): `"` and `\` become quoted-pairs; control
 * characters (CR and LF among them) become spaces and anything outside ASCII becomes `?`, so a
 * value can neither end the header nor add one, whoever wrote it.
 */
export function quotedString(value: string): string {
  const safe = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(/[^\u0020-\u007e]/g, "?")
    .replace(/["\\]/g, (c) => `\\${c}`);
  return `"${safe}"`;
}

/**
 * The value of a `WWW-Authenticate` header for a Bearer token refusal (401 or 403).
 *
 * @example bearerChallenge({ realm: "portico", error: "insufficient_scope", scope: "portico:admin" })
 * // 'Bearer realm="portico", error="insufficient_scope", scope="portico:admin"'
 */
export function bearerChallenge(params: BearerChallengeParams = {}): string {
  const parts = ORDER.flatMap((name) => {
    const value = params[name];
    return value === undefined || value === "" ? [] : [`${name}=${quotedString(value)}`];
  });
  return parts.length ? `Bearer ${parts.join(", ")}` : "Bearer";
}

/** The challenge's auth-params for the `DPoP` scheme (RFC 9449 7.1); each is written only when given. */
export interface DpopChallengeParams {
  /** the proof algorithms accepted, space-separated */
  algs?: string;
  /** `invalid_token` or `invalid_dpop_proof` */
  error?: string;
  error_description?: string;
}

const DPOP_ORDER = ["algs", "error", "error_description"] as const;

/**
 * The value of a `WWW-Authenticate` header for a DPoP refusal.
 *
 * @example dpopChallenge({ algs: "ES256", error: "invalid_dpop_proof" })
 * // 'DPoP algs="ES256", error="invalid_dpop_proof"'
 */
export function dpopChallenge(params: DpopChallengeParams = {}): string {
  const parts = DPOP_ORDER.flatMap((name) => {
    const value = params[name];
    return value === undefined || value === "" ? [] : [`${name}=${quotedString(value)}`];
  });
  return parts.length ? `DPoP ${parts.join(", ")}` : "DPoP";
}
