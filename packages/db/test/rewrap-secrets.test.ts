import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decryptSecret, encryptSecret, MasterKeyring, wrappedKeyId } from "@portico/crypto";
import { describe, expect, it } from "vitest";
import { createDb, rewrapStoredSecrets, seedPlatform } from "../src/index";
import { migrateDatabase } from "../src/migrations";

describe("master-key rotation", () => {
  it("re-wraps every stored secret under the new key; the old key can then go", async () => {
    const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "portico-rewrap-")), "p.db")}`;
    await migrateDatabase(url);
    const db = createDb(url);
    try {
      await seedPlatform(db, { issuer: "https://localhost:9443" });
      const oldKey = MasterKeyring.generateKey();
      const old = new MasterKeyring([oldKey]);
      const key = await db.signingKey.create({
        data: {
          kid: "k1",
          use: "ACCESS_TOKEN",
          alg: "ES256",
          publicJwk: {},
          privateKeyEnc: encryptSecret(old, "PRIVATE-PEM", "signing-key:k1"),
        },
      });
      const km = await db.keyManager.create({
        data: {
          name: "ext",
          type: "EXTERNAL",
          issuer: "https://idp",
          clientSecretEnc: encryptSecret(old, "idp-secret", "key-manager:x"),
        },
      });

      const rotated = new MasterKeyring([MasterKeyring.generateKey(), oldKey]);
      expect(await rewrapStoredSecrets(db, rotated)).toBe(2);
      expect(await rewrapStoredSecrets(db, rotated)).toBe(0);

      const onlyNew = new MasterKeyring([rotated.current.key]);
      const k = await db.signingKey.findUniqueOrThrow({ where: { id: key.id } });
      expect(wrappedKeyId(k.privateKeyEnc)).toBe(rotated.current.id);
      expect(decryptSecret(onlyNew, k.privateKeyEnc, "signing-key:k1")).toBe("PRIVATE-PEM");
      const e = await db.keyManager.findUniqueOrThrow({ where: { id: km.id } });
      expect(decryptSecret(onlyNew, e.clientSecretEnc ?? "", "key-manager:x")).toBe("idp-secret");
    } finally {
      await db.$disconnect();
    }
  });
});
