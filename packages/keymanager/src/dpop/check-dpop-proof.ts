// RFC 9449 5: the token endpoint's side of DPoP. A request with a `DPoP` header gets its proof
// checked (shape, signature, method, URL, age, nonce, single use) and its token bound to the
// proof's key; an application that requires DPoP gets no token without one.
import { DpopProofError, type TokenConfirmation, verifyDpopProof } from "@portico/tokens";
import type { ClientRecord } from "../clients/find-client";
import { InvalidDpopProof, UseDpopNonce } from "../errors";
import type { Exchange } from "../http/exchange";
import { endpointUrls, type KeyManager } from "../key-manager";
import { currentDpopNonce, isFreshDpopNonce } from "./dpop-nonce";

/** The single DPoP header, or undefined; two of them (or a folded list) are refused (RFC 9449 4.3 step 1). */
function proofHeader(ex: Exchange): string | undefined {
  const raw = ex.req.headersDistinct.dpop;
  if (!raw) return undefined;
  if (raw.length !== 1 || raw[0]?.includes(",")) throw new InvalidDpopProof("send exactly one DPoP header");
  return raw[0];
}

/** Remembers the proof's jti until it is too old to be accepted anyway; a second use is a replay. */
async function rememberProof(km: KeyManager, jkt: string, jti: string, iat: number): Promise<void> {
  try {
    await km.db.replayGuard.create({
      data: {
        key: `dpop:${jkt}:${jti}`,
        kind: "dpop-proof",
        expiresAt: new Date((iat + km.config.dpopProofMaxAgeSeconds + 60) * 1000),
      },
    });
  } catch {
    throw new InvalidDpopProof("the DPoP proof was already used");
  }
}

/**
 * The confirmation the token request's access token gets: `{jkt}` for a valid proof, nothing
 * when there is no proof and the client's application does not require one.
 */
export async function checkDpopProof(
  km: KeyManager,
  ex: Exchange,
  client: ClientRecord,
): Promise<TokenConfirmation | undefined> {
  const proof = proofHeader(ex);
  if (!proof) {
    if (client.application?.dpopRequired)
      throw new InvalidDpopProof("this application's tokens are only issued against a DPoP proof");
    return undefined;
  }
  let verified: Awaited<ReturnType<typeof verifyDpopProof>>;
  try {
    verified = await verifyDpopProof(proof, {
      method: "POST",
      url: endpointUrls(km.issuer).token,
      now: km.now().getTime(),
      maxAgeSeconds: km.config.dpopProofMaxAgeSeconds,
      ...(km.config.dpopNonceRequired ? { acceptNonce: (nonce) => isFreshDpopNonce(km, nonce) } : {}),
    });
  } catch (error) {
    if (error instanceof DpopProofError) {
      if (error.code === "ERR_DPOP_NONCE") throw new UseDpopNonce(currentDpopNonce(km));
      throw new InvalidDpopProof(error.message);
    }
    throw error;
  }
  await rememberProof(km, verified.jkt, verified.jti, verified.iat);
  return { jkt: verified.jkt };
}

/** Response headers that hand the client its next nonce, when nonces are required. */
export function dpopNonceHeaders(km: KeyManager): Record<string, string> {
  return km.config.dpopNonceRequired ? { "DPoP-Nonce": currentDpopNonce(km) } : {};
}
