// RFC 7636: PKCE. S256 always; plain only when an admin allows it (PlatformSetting pkce.allowPlain).
import { constantTimeEqual, sha256Base64Url } from "@portico/crypto";

/** RFC 7636 4.1: code_verifier = 43*128unreserved; the challenge has the same alphabet. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isWellFormedPkceValue(value: string): boolean {
  return VERIFIER.test(value);
}

/** RFC 7636 4.6: whether the verifier matches the challenge stored with the code. */
export function pkceVerifierMatches(challenge: string, method: string, verifier: string): boolean {
  if (!VERIFIER.test(verifier)) return false;
  const computed = method === "S256" ? sha256Base64Url(verifier) : verifier;
  return constantTimeEqual(computed, challenge);
}
