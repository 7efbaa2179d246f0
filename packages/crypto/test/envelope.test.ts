import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CryptoError,
  decryptSecret,
  encryptSecret,
  lazyMasterKeyring,
  loadOrCreateMasterKeyring,
  MasterKeyring,
  rewrapSecret,
  rotateMasterKeyFile,
  wrappedKeyId,
} from "../src/index";

const keyA = Buffer.alloc(32, 0xa1).toString("base64");
const keyB = Buffer.alloc(32, 0xb2).toString("hex");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof CryptoError ? error.code : `not a CryptoError: ${String(error)}`;
  }
  return undefined;
}

describe("envelope encryption", () => {
  it("round-trips and never contains the plaintext", () => {
    const ring = MasterKeyring.parse(keyA);
    const value = encryptSecret(ring, "s3cret-private-key", "signing-key:k1");
    expect(value).not.toContain("s3cret");
    expect(decryptSecret(ring, value, "signing-key:k1")).toBe("s3cret-private-key");
    // a fresh data key and IV each time
    expect(encryptSecret(ring, "same", "c")).not.toBe(encryptSecret(ring, "same", "c"));
  });

  it("stays readable after master-key rotation, and re-wrapping moves it to the new key", () => {
    const old = MasterKeyring.parse(keyA);
    const value = encryptSecret(old, "client-secret-of-external-km", "km:1");
    const rotated = MasterKeyring.parse(`${keyB},${keyA}`);
    expect(decryptSecret(rotated, value, "km:1")).toBe("client-secret-of-external-km");
    const rewrapped = rewrapSecret(rotated, value);
    expect(wrappedKeyId(rewrapped)).toBe(rotated.current.id);
    expect(wrappedKeyId(value)).toBe(old.current.id);
    // the old key can be dropped once everything is re-wrapped
    const onlyNew = MasterKeyring.parse(keyB);
    expect(decryptSecret(onlyNew, rewrapped, "km:1")).toBe("client-secret-of-external-km");
    expect(codeOf(() => decryptSecret(onlyNew, value, "km:1"))).toBe("ERR_CIPHERTEXT_UNKNOWN_KEY");
  });

  it("rejects a wrong key, a wrong context, truncation and tampering with clear codes", () => {
    const ring = MasterKeyring.parse(keyA);
    const value = encryptSecret(ring, "nt-hash", "user:42");
    expect(codeOf(() => decryptSecret(MasterKeyring.parse(keyB), value, "user:42"))).toBe(
      "ERR_CIPHERTEXT_UNKNOWN_KEY",
    );
    expect(codeOf(() => decryptSecret(ring, value, "user:43"))).toBe("ERR_CIPHERTEXT_AUTH");
    // cut into the tag: authentication fails; cut below IV + tag: malformed
    expect(codeOf(() => decryptSecret(ring, value.slice(0, value.length - 2), "user:42"))).toBe(
      "ERR_CIPHERTEXT_AUTH",
    );
    expect(codeOf(() => decryptSecret(ring, value.slice(0, value.length - 20), "user:42"))).toBe(
      "ERR_CIPHERTEXT_MALFORMED",
    );
    const parts = value.split(".");
    expect(codeOf(() => decryptSecret(ring, parts.slice(0, 3).join("."), "user:42"))).toBe(
      "ERR_CIPHERTEXT_MALFORMED",
    );
    expect(codeOf(() => decryptSecret(ring, `${parts.slice(0, 3).join(".")}.AAAA`, "user:42"))).toBe(
      "ERR_CIPHERTEXT_MALFORMED",
    );
    const data = Buffer.from(parts[3] ?? "", "base64url");
    data[14] = (data[14] ?? 0) ^ 1;
    const tampered = [...parts.slice(0, 3), data.toString("base64url")].join(".");
    expect(codeOf(() => decryptSecret(ring, tampered, "user:42"))).toBe("ERR_CIPHERTEXT_AUTH");
    expect(codeOf(() => decryptSecret(ring, "plaintext", ""))).toBe("ERR_CIPHERTEXT_MALFORMED");
  });

  it("error messages carry no secret material", () => {
    const ring = MasterKeyring.parse(keyA);
    const value = encryptSecret(ring, "TOPSECRET", "a");
    try {
      decryptSecret(ring, value, "b");
    } catch (error) {
      expect(String((error as Error).message)).not.toContain("TOPSECRET");
      expect(String((error as Error).message)).not.toContain(keyA);
    }
  });

  it("refuses master keys that are not 32 bytes", () => {
    expect(codeOf(() => MasterKeyring.parse("c2hvcnQ="))).toBe("ERR_MASTER_KEY_INVALID");
  });
});

describe("master key file", () => {
  it("is generated once with mode 0600 and rotation keeps old values readable", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "portico-mk-"));
    const ring = loadOrCreateMasterKeyring(dir);
    const file = path.join(dir, "master.key");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateMasterKeyring(dir).current.id).toBe(ring.current.id);
    const value = encryptSecret(ring, "kerberos-keytab", "idp:1");
    const rotated = rotateMasterKeyFile(dir);
    expect(rotated.current.id).not.toBe(ring.current.id);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8").trim().split("\n")).toHaveLength(2);
    expect(decryptSecret(loadOrCreateMasterKeyring(dir), value, "idp:1")).toBe("kerberos-keytab");
  });

  it("is created only when a lazy keyring is first used, then read once", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "portico-mk-"));
    const ring = lazyMasterKeyring(dir);
    expect(existsSync(path.join(dir, "master.key"))).toBe(false);
    const first = ring();
    expect(statSync(path.join(dir, "master.key")).mode & 0o777).toBe(0o600);
    expect(ring()).toBe(first);
    // a key from the environment wins and no file is written
    const fromEnv = mkdtempSync(path.join(tmpdir(), "portico-mk-"));
    expect(lazyMasterKeyring(fromEnv, keyA)().current.id).toBe(MasterKeyring.parse(keyA).current.id);
    expect(existsSync(path.join(fromEnv, "master.key"))).toBe(false);
  });
});
