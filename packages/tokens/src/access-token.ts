// The access-token format shared by the key manager (which issues) and the gateway (which
// verifies). JWT access tokens follow RFC 9068; opaque tokens are random strings stored only
// as their SHA-256.
import { sha256Hex } from "@portico/crypto";
import { errors, type JWTVerifyGetKey, jwtVerify } from "jose";

/** RFC 9068 section 2.1: the JOSE header's typ. */
export const ACCESS_TOKEN_TYP = "at+jwt";

/** Signature algorithms a verifier accepts; `none` and HMAC never are. */
export const ALLOWED_ACCESS_TOKEN_ALGS = ["ES256", "RS256", "PS256", "EdDSA"] as const;

/**
 * Claims of a Portico JWT access token (RFC 9068 section 2.2, plus what the gateway needs to
 * authorize without a database round trip).
 */
export interface AccessTokenClaims {
  iss: string;
  /** the end user's id, or the client_id for client-credentials tokens */
  sub: string;
  /** the gateway's public URL (settings.gatewayUrl); more audiences may follow */
  aud: string | string[];
  client_id: string;
  /** space-separated granted scopes */
  scope: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
  auth_time?: number;
  /** end user's role names (RFC 9068 2.2.3.1); absent for client tokens */
  roles?: string[];
  /** end user's username, for the backend JWT */
  username?: string;
  /** Portico application id and key type the client belongs to, when it is an application's key */
  application_id?: string;
  key_type?: "PRODUCTION" | "SANDBOX";
  /** grant type the token was issued by */
  gty?: string;
  /** RFC 8693 actor, for token exchange */
  act?: Record<string, unknown>;
  /** RFC 7800 confirmation: the DPoP key's thumbprint (RFC 9449 6.1) or the client certificate's (RFC 8705 3.1) */
  cnf?: TokenConfirmation;
}

/** What a sender-constrained token is bound to. */
export interface TokenConfirmation {
  jkt?: string;
  "x5t#S256"?: string;
}

export type AccessTokenErrorCode =
  | "ERR_TOKEN_MALFORMED"
  | "ERR_TOKEN_EXPIRED"
  | "ERR_TOKEN_NOT_YET_VALID"
  | "ERR_TOKEN_SIGNATURE"
  | "ERR_TOKEN_UNKNOWN_KEY"
  | "ERR_TOKEN_CLAIMS";

export class AccessTokenError extends Error {
  constructor(
    readonly code: AccessTokenErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AccessTokenError";
  }
}

/** Three base64url segments: a JWS compact serialization. Opaque tokens have no dots. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/** What the database stores for an opaque access or refresh token. */
export function opaqueTokenHash(token: string): string {
  return sha256Hex(token);
}

/**
 * Verifies a JWT access token: signature by one of `keys` with an allowed algorithm,
 * `typ: at+jwt`, issuer, audience, expiry and not-before (with `clockTolerance` seconds).
 *
 * @example
 * const jwks = createLocalJWKSet({ keys });
 * const claims = await verifyJwtAccessToken(token, jwks, { issuer, audience: gatewayUrl });
 */
export async function verifyJwtAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
  options: { issuer: string; audience: string; clockTolerance?: number; currentDate?: Date },
): Promise<AccessTokenClaims> {
  if (!looksLikeJwt(token)) throw new AccessTokenError("ERR_TOKEN_MALFORMED", "the token is not a JWT");
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      audience: options.audience,
      algorithms: [...ALLOWED_ACCESS_TOKEN_ALGS],
      typ: ACCESS_TOKEN_TYP,
      clockTolerance: options.clockTolerance ?? 0,
      currentDate: options.currentDate,
      requiredClaims: ["sub", "jti", "iat", "exp", "client_id"],
    });
    return payload as unknown as AccessTokenClaims;
  } catch (error) {
    throw mapJoseError(error);
  }
}

function mapJoseError(error: unknown): AccessTokenError {
  if (error instanceof AccessTokenError) return error;
  if (error instanceof errors.JWTExpired)
    return new AccessTokenError("ERR_TOKEN_EXPIRED", "the token has expired", { cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "nbf")
      return new AccessTokenError("ERR_TOKEN_NOT_YET_VALID", "the token is not valid yet", { cause: error });
    return new AccessTokenError("ERR_TOKEN_CLAIMS", `the token's ${error.claim} claim is not acceptable`, {
      cause: error,
    });
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new AccessTokenError("ERR_TOKEN_UNKNOWN_KEY", "the token is signed by an unknown key", {
      cause: error,
    });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AccessTokenError("ERR_TOKEN_SIGNATURE", "the token's signature is invalid", { cause: error });
  }
  return new AccessTokenError("ERR_TOKEN_MALFORMED", "the token could not be read", { cause: error });
}
