// Access-token and ID-token signing keys: generated on first start, stored with the private key
// envelope-encrypted under the master key, rotated by `rotateSigningKey` (@portico/issuer-admin,
// which the admin area calls too). A rotated key is RETIRED: it signs nothing more but stays in
// the JWKS until the last token it signed expires.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { decryptSecret, type MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { createSigningKey, type SigningAlg } from "@portico/issuer-admin";
import type { JWK } from "jose";

export type { SigningAlg };

export interface LoadedSigningKey {
  kid: string;
  alg: SigningAlg;
  status: "ACTIVE" | "RETIRED";
  publicJwk: JWK;
  privateKey: KeyObject;
  retiredAt: Date | null;
}

/** Makes sure an ACTIVE key exists for each algorithm; creates the missing ones. */
export async function ensureSigningKeys(db: Db, keyring: MasterKeyring, algs: SigningAlg[]): Promise<void> {
  for (const alg of new Set(algs)) {
    const active = await db.signingKey.findFirst({ where: { use: "ACCESS_TOKEN", status: "ACTIVE", alg } });
    if (!active) await createSigningKey(db, keyring, alg);
  }
}

/**
 * The keys in memory: active ones to sign with, active and still-needed retired ones to publish.
 * Reloaded when older than `refreshMs`, so a rotation by another process is picked up.
 */
export class SigningKeyStore {
  private keys: LoadedSigningKey[] = [];
  private loadedAt = 0;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly keyring: MasterKeyring,
    private readonly refreshMs = 10_000,
  ) {}

  async reload(): Promise<void> {
    const rows = await this.db.signingKey.findMany({
      where: { use: "ACCESS_TOKEN" },
      orderBy: { createdAt: "desc" },
    });
    const loaded: LoadedSigningKey[] = [];
    for (const row of rows) {
      const existing = this.keys.find((k) => k.kid === row.kid);
      const privateKey =
        existing?.privateKey ??
        createPrivateKey(decryptSecret(this.keyring, row.privateKeyEnc, `signing-key:${row.kid}`));
      loaded.push({
        kid: row.kid,
        alg: row.alg as SigningAlg,
        status: row.status,
        publicJwk: row.publicJwk as JWK,
        privateKey,
        retiredAt: row.retiredAt,
      });
    }
    this.keys = loaded;
    this.loadedAt = Date.now();
  }

  private async fresh(): Promise<LoadedSigningKey[]> {
    if (Date.now() - this.loadedAt > this.refreshMs) {
      this.loading ??= this.reload().finally(() => {
        this.loading = undefined;
      });
      await this.loading;
    }
    return this.keys;
  }

  /** The newest ACTIVE key of an algorithm. */
  async signingKey(alg: SigningAlg): Promise<LoadedSigningKey> {
    const keys = await this.fresh();
    const key = keys.find((k) => k.status === "ACTIVE" && k.alg === alg);
    if (!key) throw new Error(`no active ${alg} signing key`);
    return key;
  }

  /** The published JWKS: active keys, and retired keys younger than `keepRetiredSeconds`. */
  async jwks(keepRetiredSeconds: number, now: Date): Promise<{ keys: JWK[] }> {
    const keys = await this.fresh();
    return {
      keys: keys
        .filter(
          (k) =>
            k.status === "ACTIVE" ||
            (k.retiredAt && k.retiredAt.getTime() + keepRetiredSeconds * 1000 > now.getTime()),
        )
        .map((k) => k.publicJwk),
    };
  }

  /** The key (active or retired) with this kid, for verifying tokens this server issued. */
  async verificationKey(kid: string): Promise<LoadedSigningKey | undefined> {
    let key = (await this.fresh()).find((k) => k.kid === kid);
    if (!key) {
      await this.reload();
      key = this.keys.find((k) => k.kid === kid);
    }
    return key;
  }

  /** Forces a reload on next use (after a rotation in this process). */
  invalidate(): void {
    this.loadedAt = 0;
  }
}
