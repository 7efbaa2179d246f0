import { randomUUID } from "node:crypto";
import { decryptSecret, encryptSecret, type MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from "jose";

export interface BackendSigningKey {
  kid: string;
  alg: "ES256";
  privateKey: CryptoKey;
}

const ALG = "ES256";

function encryptionContext(kid: string): string {
  return `signing-key:${kid}`;
}

/**
 * The gateway's backend-JWT signing key: the ACTIVE BACKEND_JWT SigningKey row, generated on
 * first start with its private part envelope-encrypted under the master key. Concurrent first
 * starts (cluster workers, replicas) settle on the oldest active row.
 */
export async function loadOrCreateBackendSigningKey(
  db: Db,
  keyring: MasterKeyring,
): Promise<BackendSigningKey> {
  const existing = await db.signingKey.findFirst({
    where: { use: "BACKEND_JWT", status: "ACTIVE" },
    orderBy: { createdAt: "asc" },
  });
  if (!existing) {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
    const kid = `gw-${randomUUID()}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: "sig" };
    const pem = await exportPKCS8(privateKey);
    await db.signingKey.create({
      data: {
        kid,
        use: "BACKEND_JWT",
        alg: ALG,
        publicJwk,
        privateKeyEnc: encryptSecret(keyring, pem, encryptionContext(kid)),
        status: "ACTIVE",
      },
    });
    return loadOrCreateBackendSigningKey(db, keyring);
  }
  const pem = decryptSecret(keyring, existing.privateKeyEnc, encryptionContext(existing.kid));
  return { kid: existing.kid, alg: ALG, privateKey: (await importPKCS8(pem, ALG)) as CryptoKey };
}

/** The public keys backends verify backend JWTs with, for `/.well-known/jwks.json`. */
export async function listBackendJwks(db: Db): Promise<{ keys: JWK[] }> {
  const rows = await db.signingKey.findMany({
    where: { use: "BACKEND_JWT", status: { in: ["ACTIVE", "RETIRED"] } },
    orderBy: { createdAt: "asc" },
  });
  return {
    keys: rows.map((r) => {
      const jwk = (typeof r.publicJwk === "string" ? JSON.parse(r.publicJwk) : r.publicJwk) as JWK;
      return {
        kty: jwk.kty,
        crv: jwk.crv,
        x: jwk.x,
        y: jwk.y,
        n: jwk.n,
        e: jwk.e,
        kid: r.kid,
        alg: r.alg,
        use: "sig",
      } as JWK;
    }),
  };
}
