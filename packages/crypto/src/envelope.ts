import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CryptoError } from "./errors";
import type { MasterKeyring } from "./master-key";

// Format: "pe1.<masterKeyId>.<wrapped data key>.<iv>.<ciphertext+tag>", base64url parts.
// Each value has its own random data key (AES-256-GCM), wrapped under the master key
// (AES-256-GCM too), so rotating the master key re-wraps 60 bytes, not the value.
const PREFIX = "pe1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer, what: string): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) {
    throw new CryptoError("ERR_CIPHERTEXT_MALFORMED", `${what} is truncated`);
  }
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch (cause) {
    throw new CryptoError("ERR_CIPHERTEXT_AUTH", `${what} failed authentication (wrong key, or altered)`, {
      cause,
    });
  }
}

interface Parsed {
  keyId: string;
  wrappedKey: Buffer;
  sealed: Buffer;
}

function parse(value: string): Parsed {
  const parts = value.split(".");
  if (parts.length !== 4 || parts[0] !== PREFIX || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) {
    throw new CryptoError(
      "ERR_CIPHERTEXT_MALFORMED",
      "not a Portico encrypted value (expected pe1.<key id>.<key>.<data>)",
    );
  }
  const [, keyId, wrapped, sealed] = parts as [string, string, string, string];
  return { keyId, wrappedKey: Buffer.from(wrapped, "base64url"), sealed: Buffer.from(sealed, "base64url") };
}

/**
 * Encrypts a secret for storage. `context` (e.g. "signing-key:abc") is bound as associated
 * data, so a ciphertext copied to another row does not decrypt there.
 *
 * @example encryptSecret(keyring, privatePem, "signing-key:" + kid)
 */
export function encryptSecret(keyring: MasterKeyring, plaintext: string, context = ""): string {
  const aad = Buffer.from(context, "utf8");
  const dataKey = randomBytes(32);
  const master = keyring.current;
  const wrapped = seal(master.key, dataKey, Buffer.from(`portico-dek:${master.id}`));
  const sealed = seal(dataKey, Buffer.from(plaintext, "utf8"), aad);
  return [PREFIX, master.id, wrapped.toString("base64url"), sealed.toString("base64url")].join(".");
}

function unwrapDataKey(keyring: MasterKeyring, parsed: Parsed): Buffer {
  const master = keyring.find(parsed.keyId);
  if (!master) {
    throw new CryptoError(
      "ERR_CIPHERTEXT_UNKNOWN_KEY",
      `encrypted under master key ${parsed.keyId}, which is not loaded`,
    );
  }
  return open(master.key, parsed.wrappedKey, Buffer.from(`portico-dek:${master.id}`), "the wrapped data key");
}

/** Decrypts a value made by encryptSecret with the same context. */
export function decryptSecret(keyring: MasterKeyring, value: string, context = ""): string {
  const parsed = parse(value);
  const dataKey = unwrapDataKey(keyring, parsed);
  return open(dataKey, parsed.sealed, Buffer.from(context, "utf8"), "the encrypted value").toString("utf8");
}

/** Re-wraps a value's data key under the keyring's current master key; the data is untouched. */
export function rewrapSecret(keyring: MasterKeyring, value: string): string {
  const parsed = parse(value);
  if (parsed.keyId === keyring.current.id) return value;
  const dataKey = unwrapDataKey(keyring, parsed);
  const master = keyring.current;
  const wrapped = seal(master.key, dataKey, Buffer.from(`portico-dek:${master.id}`));
  return [PREFIX, master.id, wrapped.toString("base64url"), parsed.sealed.toString("base64url")].join(".");
}

/** The id of the master key a value is wrapped under. */
export function wrappedKeyId(value: string): string {
  return parse(value).keyId;
}
