// Access-token and ID-token signing keys, as rows: a new key's private half is stored
// envelope-encrypted under the master key. A rotated key is RETIRED: it signs nothing more but
// stays in the JWKS until the last token it signed expires (the key manager decides how long).
import { encryptSecret, type MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from "jose";

export type SigningAlg = "ES256" | "RS256";

/** Generates a key pair of `alg` and stores it as a new ACTIVE access-token signing key. */
export async function createSigningKey(db: Db, keyring: MasterKeyring, alg: SigningAlg) {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const pem = await exportPKCS8(privateKey);
  return db.signingKey.create({
    data: {
      kid,
      use: "ACCESS_TOKEN",
      alg,
      publicJwk: { ...jwk, kid, alg, use: "sig" },
      privateKeyEnc: encryptSecret(keyring, pem, `signing-key:${kid}`),
      status: "ACTIVE",
    },
  });
}

/**
 * Rotates the access-token signing key of one algorithm: a new ACTIVE key signs from now on;
 * the previous one is RETIRED and stays published until its tokens expire. Key managers pick the
 * new key up on their next reload (the `signing-key` change event makes them hear sooner).
 *
 * @example await rotateSigningKey(db, keyring, { alg: "ES256" })
 */
export async function rotateSigningKey(
  db: Db,
  keyring: MasterKeyring,
  options: { alg?: SigningAlg; now?: Date } = {},
): Promise<{ kid: string; retired: string[] }> {
  const alg = options.alg ?? "ES256";
  const previous = await db.signingKey.findMany({ where: { use: "ACCESS_TOKEN", status: "ACTIVE", alg } });
  const created = await createSigningKey(db, keyring, alg);
  await db.signingKey.updateMany({
    where: { id: { in: previous.map((k) => k.id) } },
    data: { status: "RETIRED", retiredAt: options.now ?? new Date() },
  });
  await db.changeEvent.create({ data: { topic: "signing-key", entityId: created.kid } });
  return { kid: created.kid, retired: previous.map((k) => k.kid) };
}
