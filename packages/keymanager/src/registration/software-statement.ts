// RFC 7591 2.3: a software statement is a JWT whose claims are client metadata, vouched for by
// whoever signed it. Portico accepts statements signed by a key of the JWKS the admin configured
// (and, when set, with that issuer); their claims take precedence over the same fields sent
// beside them.

import type { RegistrationPolicy } from "@portico/issuer-admin";
import { createLocalJWKSet, errors as joseErrors, jwtVerify } from "jose";
import { InvalidSoftwareStatement } from "../errors";
import type { KeyManager } from "../key-manager";

const ALGORITHMS = ["RS256", "PS256", "ES256", "ES384", "EdDSA"];
/** JWT claims about the statement itself, not client metadata */
const ENVELOPE_CLAIMS = new Set(["iss", "sub", "aud", "iat", "exp", "nbf", "jti"]);

/**
 * The metadata to register: the request's fields with a verified statement's claims laid over
 * them. A statement that is absent where required, unsigned, signed by an unknown key, expired,
 * or from another issuer is invalid_software_statement.
 */
export async function applySoftwareStatement(
  km: KeyManager,
  request: Record<string, unknown>,
  policy: RegistrationPolicy,
): Promise<{ metadata: Record<string, unknown>; statement: { iss?: string; softwareId?: string } | null }> {
  const { software_statement: statement, ...metadata } = request;
  if (statement === undefined || statement === null) {
    if (policy.requireSoftwareStatement)
      throw new InvalidSoftwareStatement("a software statement is required to register here");
    return { metadata, statement: null };
  }
  if (typeof statement !== "string") throw new InvalidSoftwareStatement("software_statement must be a JWT");
  if (!policy.softwareStatementJwks)
    throw new InvalidSoftwareStatement("this server has no keys to verify software statements with");
  let claims: Record<string, unknown>;
  try {
    const verified = await jwtVerify(statement, createLocalJWKSet(policy.softwareStatementJwks), {
      algorithms: ALGORITHMS,
      issuer: policy.softwareStatementIssuer ?? undefined,
      clockTolerance: km.config.assertionClockSkewSeconds,
      currentDate: km.now(),
    });
    claims = verified.payload as Record<string, unknown>;
  } catch (error) {
    const reason =
      error instanceof joseErrors.JWTExpired
        ? "it has expired"
        : error instanceof joseErrors.JWTClaimValidationFailed
          ? `its ${error.claim} claim is not accepted`
          : error instanceof joseErrors.JWKSNoMatchingKey ||
              error instanceof joseErrors.JWSSignatureVerificationFailed
            ? "it is not signed by a trusted key"
            : "it is not a valid signed JWT";
    throw new InvalidSoftwareStatement(`the software statement cannot be accepted: ${reason}`);
  }
  const vouched = Object.fromEntries(Object.entries(claims).filter(([name]) => !ENVELOPE_CLAIMS.has(name)));
  return {
    metadata: { ...metadata, ...vouched },
    statement: {
      iss: typeof claims.iss === "string" ? claims.iss : undefined,
      softwareId: typeof claims.software_id === "string" ? claims.software_id : undefined,
    },
  };
}
