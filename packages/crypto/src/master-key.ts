import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CryptoError } from "./errors";

interface MasterKey {
  id: string;
  key: Buffer;
}

function parseKey(text: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (key.length !== 32) {
    throw new CryptoError("ERR_MASTER_KEY_INVALID", "a master key must be 32 bytes (base64 or hex)");
  }
  return key;
}

/** A key's id is derived from the key, so the same key always has the same id. */
function keyId(key: Buffer): string {
  return createHash("sha256").update("portico-master-key-id").update(key).digest("hex").slice(0, 12);
}

/**
 * The master keys (key-encryption keys). The first one encrypts; all of them decrypt,
 * so values wrapped under an older key stay readable until they are re-wrapped.
 */
export class MasterKeyring {
  private readonly keys: MasterKey[];

  constructor(keys: Buffer[]) {
    if (keys.length === 0)
      throw new CryptoError("ERR_MASTER_KEY_INVALID", "the keyring needs at least one key");
    this.keys = keys.map((key) => ({ id: keyId(key), key }));
  }

  /** Parses the comma- or newline-separated form used by PORTICO_MASTER_KEY and the key file. */
  static parse(text: string): MasterKeyring {
    return new MasterKeyring(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith("#"))
        .map(parseKey),
    );
  }

  static generateKey(): Buffer {
    return randomBytes(32);
  }

  get current(): MasterKey {
    // biome-ignore lint/style/noNonNullAssertion: the constructor guarantees one key
    return this.keys[0]!;
  }

  find(id: string): MasterKey | undefined {
    return this.keys.find((k) => k.id === id);
  }

  get ids(): string[] {
    return this.keys.map((k) => k.id);
  }
}

const KEY_FILE = "master.key";

/**
 * The keyring from PORTICO_MASTER_KEY when given, otherwise from `<dataDir>/master.key`,
 * generating that file (mode 0600) on first start.
 */
export function loadOrCreateMasterKeyring(dataDir: string, fromEnv?: string): MasterKeyring {
  if (fromEnv) return MasterKeyring.parse(fromEnv);
  const file = path.join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, `${MasterKeyring.generateKey().toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  }
  return MasterKeyring.parse(readFileSync(file, "utf8"));
}

/**
 * The keyring, loaded on first use and then kept: for processes (the portals) that may never need
 * it, and must not create `master.key` at import time.
 */
export function lazyMasterKeyring(dataDir: string, fromEnv?: string): () => MasterKeyring {
  let keyring: MasterKeyring | undefined;
  return () => {
    keyring ??= loadOrCreateMasterKeyring(dataDir, fromEnv);
    return keyring;
  };
}

/**
 * Puts a new key at the head of `<dataDir>/master.key`, keeping the old ones for decryption.
 * Returns the new keyring; callers re-wrap stored values, then may drop old keys.
 */
export function rotateMasterKeyFile(dataDir: string): MasterKeyring {
  const file = path.join(dataDir, KEY_FILE);
  const old = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
  const next = `${MasterKeyring.generateKey().toString("base64")}\n${old}\n`;
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, next, { mode: 0o600 });
  renameSync(tmp, file);
  chmodSync(file, 0o600);
  return MasterKeyring.parse(next);
}
