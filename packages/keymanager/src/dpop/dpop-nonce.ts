// RFC 9449 8: server-provided nonces. Stateless: a nonce is a time window and its HMAC under a
// key derived from the master key, so every replica sharing the master key accepts the others'
// nonces without a shared store. A nonce is good in its window and the next one.
import { createHmac, hkdfSync } from "node:crypto";
import { constantTimeEqual } from "@portico/crypto";
import type { KeyManager } from "../key-manager";

const WINDOW_MS = 120_000;
const nonceKeys = new WeakMap<Buffer, Buffer>();

function nonceKey(km: KeyManager): Buffer {
  const master = km.keyring.current.key;
  let key = nonceKeys.get(master);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), "portico dpop-nonce", 32));
    nonceKeys.set(master, key);
  }
  return key;
}

function nonceFor(km: KeyManager, window: number): string {
  const label = window.toString(36);
  return `${label}.${createHmac("sha256", nonceKey(km)).update(label).digest("base64url").slice(0, 22)}`;
}

/** The nonce clients should put in their next proof (sent as `DPoP-Nonce`). */
export function currentDpopNonce(km: KeyManager): string {
  return nonceFor(km, Math.floor(km.now().getTime() / WINDOW_MS));
}

/** Whether a proof's nonce is one this key manager handed out recently. */
export function isFreshDpopNonce(km: KeyManager, nonce: string | undefined): boolean {
  if (!nonce) return false;
  const window = Math.floor(km.now().getTime() / WINDOW_MS);
  return [window, window - 1].some((w) => constantTimeEqual(nonce, nonceFor(km, w)));
}
