// RFC 9449 7.1: the `DPoP` authentication scheme's challenge, and refusals that carry it.
import { dpopChallenge as challenge, DPOP_SIGNING_ALGS } from "@portico/tokens";
import { GatewayError, type GatewayErrorCode, gatewayChallenge } from "../errors";

const ALGS = DPOP_SIGNING_ALGS.join(" ");

/** `DPoP algs="…"`, with an RFC 6750 3.1 / RFC 9449 7.1 error when given. */
export function dpopChallenge(error?: "invalid_token" | "invalid_dpop_proof", description?: string): string {
  return challenge({ algs: ALGS, error, error_description: description });
}

/** 401 naming the DPoP scheme: a bound token without its proof, a bad proof, or an unbound token where DPoP is required. */
export function dpopUnauthorized(
  code: GatewayErrorCode,
  error: "invalid_token" | "invalid_dpop_proof",
  description: string,
): GatewayError {
  return new GatewayError(401, code, description, { "www-authenticate": dpopChallenge(error, description) });
}

/** 401 for a call with no credential, offering every scheme the API accepts. */
export function missingCredential(
  description: string,
  schemes: { bearer: boolean; dpop: boolean },
): GatewayError {
  const challenges: string[] = [];
  if (schemes.bearer) challenges.push(gatewayChallenge());
  if (schemes.dpop) challenges.push(dpopChallenge());
  return new GatewayError(401, "missing_token", description, {
    "www-authenticate": challenges.join(", ") || gatewayChallenge(),
  });
}
