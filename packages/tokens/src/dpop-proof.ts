// RFC 9449 4.3: the checks every receiver of a DPoP proof makes, shared by the key manager's
// token endpoint and the gateway. Replay (the `jti` cache) and nonces are the caller's: each
// keeps them where its replicas can share them.
import { createHash, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, type JWK, jwtVerify } from "jose";

/** The algorithms Portico accepts in proofs (asymmetric only, RFC 9449 4.2); advertised as `dpop_signing_alg_values_supported`. */
export const DPOP_SIGNING_ALGS = [
  "ES256",
  "ES384",
  "ES512",
  "PS256",
  "PS384",
  "PS512",
  "RS256",
  "EdDSA",
] as const;

export type DpopProofErrorCode =
  | "ERR_DPOP_MALFORMED"
  | "ERR_DPOP_SIGNATURE"
  | "ERR_DPOP_METHOD"
  | "ERR_DPOP_URL"
  | "ERR_DPOP_IAT"
  | "ERR_DPOP_ATH"
  | "ERR_DPOP_NONCE";

/** A proof that fails a check; `message` is safe to show the caller. */
export class DpopProofError extends Error {
  constructor(
    readonly code: DpopProofErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DpopProofError";
  }
}

export interface VerifiedDpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's key: what `cnf.jkt` holds */
  jkt: string;
  jti: string;
  /** epoch seconds */
  iat: number;
  nonce?: string;
}

export interface VerifyDpopProofOptions {
  /** the request's method */
  method: string;
  /** the request's URL as the client addressed it (public URL); query and fragment are ignored */
  url: string;
  /** epoch ms */
  now: number;
  /** how old a proof may be, seconds (default 300) */
  maxAgeSeconds?: number;
  /** how far in the future `iat` may be, seconds (default 60: clock skew) */
  leewaySeconds?: number;
  /** the access token sent with the proof: `ath` must be its hash (RFC 9449 4.3 step 10) */
  accessToken?: string;
  /** checks the proof's `nonce` (absent included); returns false to refuse it */
  acceptNonce?: (nonce: string | undefined) => boolean;
}

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

/** Imported public keys by their JWK text, so a client's proofs cost one import. Bounded. */
const importedKeys = new Map<string, { key: KeyObject | Uint8Array; jkt: string }>();

async function publicKeyOf(jwk: JWK, alg: string): Promise<{ key: KeyObject | Uint8Array; jkt: string }> {
  const text = JSON.stringify(jwk);
  const cached = importedKeys.get(`${alg} ${text}`);
  if (cached) return cached;
  const entry = {
    key: (await importJWK(jwk, alg)) as KeyObject | Uint8Array,
    jkt: await calculateJwkThumbprint(jwk, "sha256"),
  };
  if (importedKeys.size >= 5_000) importedKeys.clear();
  importedKeys.set(`${alg} ${text}`, entry);
  return entry;
}

/** RFC 9449 4.3 step 9: the URL compared without query and fragment, scheme and host normalized. */
export function normalizeHtu(value: string): string | undefined {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/** base64url(SHA-256(access token)): the `ath` claim. */
export function accessTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * Verifies one DPoP proof JWT against the request it came with and returns the key's thumbprint.
 * @example
 *   const { jkt, jti } = await verifyDpopProof(req.headers.dpop, { method: "GET", url, now: Date.now(), accessToken });
 */
export async function verifyDpopProof(
  proof: string,
  options: VerifyDpopProofOptions,
): Promise<VerifiedDpopProof> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    throw new DpopProofError("ERR_DPOP_MALFORMED", "the DPoP proof is not a JWT");
  }
  if (header.typ !== "dpop+jwt")
    throw new DpopProofError("ERR_DPOP_MALFORMED", "the DPoP proof's typ must be dpop+jwt");
  const alg = header.alg;
  if (typeof alg !== "string" || !(DPOP_SIGNING_ALGS as readonly string[]).includes(alg))
    throw new DpopProofError("ERR_DPOP_MALFORMED", "the DPoP proof's alg is not supported");
  const jwk = header.jwk;
  if (!jwk || typeof jwk !== "object" || PRIVATE_MEMBERS.some((m) => m in jwk))
    throw new DpopProofError("ERR_DPOP_MALFORMED", "the DPoP proof must carry a public jwk");
  let key: { key: KeyObject | Uint8Array; jkt: string };
  try {
    key = await publicKeyOf(jwk as JWK, alg);
  } catch {
    throw new DpopProofError("ERR_DPOP_MALFORMED", "the DPoP proof's jwk is not a usable public key");
  }
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(proof, key.key, { typ: "dpop+jwt", algorithms: [alg] }));
  } catch {
    throw new DpopProofError("ERR_DPOP_SIGNATURE", "the DPoP proof's signature does not verify");
  }
  const { jti, htm, htu, iat, ath, nonce } = claims;
  if (typeof jti !== "string" || jti.length === 0 || jti.length > 256)
    throw new DpopProofError("ERR_DPOP_MALFORMED", "the DPoP proof needs a jti");
  if (typeof iat !== "number" || !Number.isFinite(iat))
    throw new DpopProofError("ERR_DPOP_MALFORMED", "the DPoP proof needs an iat");
  if (htm !== options.method.toUpperCase())
    throw new DpopProofError("ERR_DPOP_METHOD", "the DPoP proof was made for another HTTP method");
  if (typeof htu !== "string" || normalizeHtu(htu) !== normalizeHtu(options.url))
    throw new DpopProofError("ERR_DPOP_URL", "the DPoP proof was made for another URL");
  const nowSeconds = options.now / 1000;
  if (iat > nowSeconds + (options.leewaySeconds ?? 60) || iat < nowSeconds - (options.maxAgeSeconds ?? 300))
    throw new DpopProofError("ERR_DPOP_IAT", "the DPoP proof's iat is outside the accepted window");
  if (options.accessToken !== undefined && ath !== accessTokenHash(options.accessToken))
    throw new DpopProofError("ERR_DPOP_ATH", "the DPoP proof's ath does not match the access token");
  if (nonce !== undefined && typeof nonce !== "string")
    throw new DpopProofError("ERR_DPOP_MALFORMED", "the DPoP proof's nonce must be a string");
  if (options.acceptNonce && !options.acceptNonce(nonce))
    throw new DpopProofError("ERR_DPOP_NONCE", "the DPoP proof needs the server's current nonce");
  return { jkt: key.jkt, jti, iat, ...(nonce !== undefined ? { nonce } : {}) };
}
