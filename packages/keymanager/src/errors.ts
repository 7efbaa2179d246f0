// OAuth 2.0 errors as classes named after their RFC codes. Each carries the HTTP status the
// RFC gives it; `serializeOAuthError` is the one place they become a response body, and the
// one place anything unexpected becomes `server_error` without leaking details.
import { bearerChallenge } from "@portico/tokens";

/** Every code a Portico OAuth error may carry, with the RFC that defines it. */
export type OAuthErrorCode =
  // RFC 6749 5.2 and 4.1.2.1
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "access_denied"
  | "unsupported_response_type"
  | "server_error"
  | "temporarily_unavailable"
  // RFC 7009 2.2.1
  | "unsupported_token_type"
  // RFC 6750 3.1
  | "invalid_token"
  | "insufficient_scope"
  // OpenID Connect Core 3.1.2.6
  | "login_required"
  | "consent_required"
  | "interaction_required"
  // RFC 9449 5 and 8
  | "invalid_dpop_proof"
  | "use_dpop_nonce"
  // RFC 7591 3.2.2 (dynamic client registration)
  | "invalid_redirect_uri"
  | "invalid_client_metadata"
  | "invalid_software_statement"
  | "unapproved_software_statement"
  // RFC 8628 3.5 (device authorization grant)
  | "authorization_pending"
  | "expired_token"
  // RFC 6585 (rate limiting, not an OAuth code, but served in the same shape)
  | "slow_down";

export class OAuthError extends Error {
  /** extra response headers, e.g. WWW-Authenticate or Retry-After */
  readonly headers: Record<string, string> = {};

  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(description, options);
    this.name = "OAuthError";
  }
}

/** RFC 6749 5.2: a missing, repeated, malformed or unsupported parameter. */
export class InvalidRequest extends OAuthError {
  constructor(description: string, status = 400) {
    super("invalid_request", description, status);
  }
}

/** RFC 6749 5.2: client authentication failed. 401 (with WWW-Authenticate when Basic was used). */
export class InvalidClient extends OAuthError {
  constructor(description = "client authentication failed", options?: { basic?: boolean }) {
    super("invalid_client", description, 401);
    if (options?.basic) this.headers["WWW-Authenticate"] = 'Basic realm="portico", charset="UTF-8"';
  }
}

/** RFC 6749 5.2: the grant (code, refresh token, password, assertion) is invalid, expired or revoked. */
export class InvalidGrant extends OAuthError {
  constructor(description = "the grant is invalid, expired or revoked") {
    super("invalid_grant", description, 400);
  }
}

/** RFC 6749 5.2: the client may not use this grant type. */
export class UnauthorizedClient extends OAuthError {
  constructor(description = "the client is not allowed to use this grant type") {
    super("unauthorized_client", description, 400);
  }
}

/** RFC 6749 5.2: the grant type is unknown or disabled. */
export class UnsupportedGrantType extends OAuthError {
  constructor(description = "the grant type is not supported") {
    super("unsupported_grant_type", description, 400);
  }
}

/** RFC 6749 5.2: the scope is malformed. (Unknown scopes are dropped, not refused: RFC 6749 3.3.) */
export class InvalidScope extends OAuthError {
  constructor(description = "the requested scope is invalid") {
    super("invalid_scope", description, 400);
  }
}

/** RFC 6749 4.1.2.1: the user or the server denied the request. */
export class AccessDenied extends OAuthError {
  constructor(description = "the request was denied") {
    super("access_denied", description, 403);
  }
}

/** RFC 6749 4.1.2.1 */
export class UnsupportedResponseType extends OAuthError {
  constructor(description = "only response_type=code is supported") {
    super("unsupported_response_type", description, 400);
  }
}

/** RFC 7009 2.2.1 */
export class UnsupportedTokenType extends OAuthError {
  constructor(description = "the token type is not supported") {
    super("unsupported_token_type", description, 400);
  }
}

/** RFC 6750 3.1: the bearer token is missing, expired, revoked or malformed. */
export class InvalidToken extends OAuthError {
  constructor(description = "the access token is invalid") {
    super("invalid_token", description, 401);
    this.headers["WWW-Authenticate"] = bearerChallenge({
      realm: "portico",
      error: "invalid_token",
      error_description: description,
    });
  }
}

/** RFC 6750 3.1 */
export class InsufficientScope extends OAuthError {
  constructor(scope: string) {
    super("insufficient_scope", `the token lacks the ${scope} scope`, 403);
    this.headers["WWW-Authenticate"] = bearerChallenge({
      realm: "portico",
      error: "insufficient_scope",
      scope,
    });
  }
}

/** OpenID Connect Core 3.1.2.6: prompt=none without a session. */
export class LoginRequired extends OAuthError {
  constructor(description = "the user is not signed in") {
    super("login_required", description, 400);
  }
}

/** OpenID Connect Core 3.1.2.6: prompt=none without a prior consent. */
export class ConsentRequired extends OAuthError {
  constructor(description = "the user has not consented") {
    super("consent_required", description, 400);
  }
}

/** RFC 9449 5: the DPoP proof is missing where required, malformed, replayed or for another request. */
export class InvalidDpopProof extends OAuthError {
  constructor(description = "the DPoP proof is invalid") {
    super("invalid_dpop_proof", description, 400);
  }
}

/** RFC 9449 8: the proof must carry the nonce sent in the DPoP-Nonce header; the client retries with it. */
export class UseDpopNonce extends OAuthError {
  constructor(nonce: string) {
    super("use_dpop_nonce", "the DPoP proof must carry the nonce in the DPoP-Nonce header", 400);
    this.headers["DPoP-Nonce"] = nonce;
  }
}

/** RFC 7591 3.2.2: a redirect URI is malformed or not allowed by the registration policy. */
export class InvalidRedirectUri extends OAuthError {
  constructor(description: string) {
    super("invalid_redirect_uri", description, 400);
  }
}

/** RFC 7591 3.2.2: a metadata field is malformed, unsupported or not allowed by the registration policy. */
export class InvalidClientMetadata extends OAuthError {
  constructor(description: string) {
    super("invalid_client_metadata", description, 400);
  }
}

/** RFC 7591 3.2.2: the software statement is missing where required, malformed or not verifiable. */
export class InvalidSoftwareStatement extends OAuthError {
  constructor(description: string) {
    super("invalid_software_statement", description, 400);
  }
}

/** RFC 8628 3.5: the user has not yet approved or denied the device's request; keep polling. */
export class AuthorizationPending extends OAuthError {
  constructor(description = "the user has not yet approved the request") {
    super("authorization_pending", description, 400);
  }
}

/** RFC 8628 3.5: the device polled faster than its interval; the interval grows by 5 seconds. */
export class SlowDown extends OAuthError {
  constructor(intervalSeconds: number) {
    super("slow_down", `polling too fast: wait ${intervalSeconds} seconds between requests`, 400);
  }
}

/** RFC 8628 3.5: the device code expired; the device starts a new authorization. */
export class ExpiredToken extends OAuthError {
  constructor(description = "the device code has expired") {
    super("expired_token", description, 400);
  }
}

/** Too many requests from one client or address: 429 with Retry-After (RFC 6585 4). */
export class TooManyRequests extends OAuthError {
  constructor(readonly retryAfterSeconds: number) {
    super("slow_down", "too many requests, retry later", 429);
    this.headers["Retry-After"] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

/** RFC 6749 5.2 body, status and headers for any thrown value. */
export interface SerializedError {
  status: number;
  headers: Record<string, string>;
  body: { error: string; error_description: string };
  /** true when the value was not an OAuthError: the caller logs it (without secrets) */
  unexpected: boolean;
}

/**
 * Turns an OAuthError into its response, and anything else into an opaque `server_error` that
 * names only `reference`: the correlation id the caller logs the error under.
 */
export function serializeOAuthError(error: unknown, reference?: string): SerializedError {
  if (error instanceof OAuthError) {
    return {
      status: error.status,
      headers: error.headers,
      body: { error: error.error, error_description: error.description },
      unexpected: false,
    };
  }
  return {
    status: 500,
    headers: {},
    body: {
      error: "server_error",
      error_description: `the server could not complete the request${reference ? ` (reference ${reference})` : ""}`,
    },
    unexpected: true,
  };
}
