// The DPoP public key a developer pastes into the token form: read and judged here so that a
// private key, a key set or text that is not JSON gets a message saying what to paste instead.
// The platform checks it again (and computes its thumbprint); the private key never reaches us.

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

export type DpopKeyReading = { jwk: Record<string, unknown> } | { error: string };

export function readDpopKey(text: string): DpopKeyReading {
  if (!text.trim()) return { error: "paste the public JWK of your DPoP key" };
  if (text.length > 8192) return { error: "a public JWK is at most a few hundred characters" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'not JSON: paste the key as a JWK, e.g. {"kty":"EC","crv":"P-256","x":"…","y":"…"}' };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { error: "a JWK is a JSON object" };
  const jwk = value as Record<string, unknown>;
  if (Array.isArray(jwk.keys)) return { error: "this is a key set: paste the one public JWK of your key" };
  if (PRIVATE_MEMBERS.some((m) => m in jwk))
    return {
      error:
        "this is a private key: paste only its public part (without d, p, q, dp, dq, qi or k) and keep the private key to yourself",
    };
  if (!["EC", "RSA", "OKP"].includes(String(jwk.kty)))
    return { error: "DPoP keys are EC, RSA or OKP (Ed25519) keys: kty must be one of these" };
  return { jwk };
}
