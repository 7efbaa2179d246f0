// What the portals do to the key manager's records, on a real migrated SQLite database: signing-key
// rotation, revocation by application (with RFC 8693 lineage) and the portals' derived secrets.
import { createPrivateKey, randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decryptSecret, loadOrCreateMasterKeyring } from "@portico/crypto";
import { createDb, type Db, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import type { ChangeMessage } from "@portico/tokens";
import { importJWK, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PORTAL_CLIENT_IDS,
  portalClientSecret,
  revokeTokensOfApplication,
  rotateSigningKey,
} from "../src/index";

let db: Db;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "portico-issuer-admin-"));
  const url = `file:${path.join(dataDir, "t.db")}`;
  await migrateDatabase(url);
  db = createDb(url);
  await seedPlatform(db, { issuer: "https://localhost:9443" });
});

afterAll(async () => {
  await db?.$disconnect();
});

describe("portalClientSecret", () => {
  it("is the same for the same master key and client, and differs otherwise", () => {
    const keyring = loadOrCreateMasterKeyring(dataDir);
    const other = loadOrCreateMasterKeyring(mkdtempSync(path.join(tmpdir(), "portico-issuer-admin-")));
    const publisher = portalClientSecret(keyring, PORTAL_CLIENT_IDS.publisher);
    expect(publisher).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(portalClientSecret(loadOrCreateMasterKeyring(dataDir), PORTAL_CLIENT_IDS.publisher)).toBe(
      publisher,
    );
    expect(portalClientSecret(keyring, PORTAL_CLIENT_IDS.devportal)).not.toBe(publisher);
    expect(portalClientSecret(other, PORTAL_CLIENT_IDS.publisher)).not.toBe(publisher);
  });
});

describe("rotateSigningKey", () => {
  it("retires the active key of that algorithm only and stores a usable, encrypted new one", async () => {
    const keyring = loadOrCreateMasterKeyring(dataDir);
    const first = await rotateSigningKey(db, keyring, { alg: "ES256" });
    const rsa = await rotateSigningKey(db, keyring, { alg: "RS256" });
    const at = new Date("2026-01-01T00:00:00Z");
    const second = await rotateSigningKey(db, keyring, { alg: "ES256", now: at });
    expect(second.retired).toEqual([first.kid]);
    const rows = await db.signingKey.findMany();
    const byKid = new Map(rows.map((r) => [r.kid, r]));
    expect(byKid.get(first.kid)).toMatchObject({ status: "RETIRED", retiredAt: at });
    expect(byKid.get(rsa.kid)).toMatchObject({ status: "ACTIVE", retiredAt: null });
    const row = byKid.get(second.kid);
    expect(row?.status).toBe("ACTIVE");
    // the private key is stored encrypted, never as PEM, and signs what the public JWK verifies
    expect(row?.privateKeyEnc).not.toContain("PRIVATE KEY");
    const pem = decryptSecret(keyring, row?.privateKeyEnc as string, `signing-key:${second.kid}`);
    const jwt = await new SignJWT({ a: 1 }).setProtectedHeader({ alg: "ES256" }).sign(createPrivateKey(pem));
    const publicKey = await importJWK(row?.publicJwk as Record<string, string>, "ES256");
    await expect(jwtVerify(jwt, publicKey)).resolves.toBeDefined();
    const events = await db.changeEvent.findMany({ where: { topic: "signing-key" } });
    expect(events.map((e) => e.entityId)).toEqual(expect.arrayContaining([first.kid, rsa.kid, second.kid]));
  });
});

describe("revokeTokensOfApplication", () => {
  async function application(name: string) {
    const owner = await db.user.create({ data: { username: `${name}-${randomBytes(4).toString("hex")}` } });
    const app = await db.application.create({ data: { name, ownerId: owner.id } });
    const resident = await db.keyManager.findFirstOrThrow({ where: { type: "RESIDENT" } });
    const client = await db.oAuthClient.create({
      data: {
        clientId: `${name}-${randomBytes(4).toString("hex")}`,
        name,
        applicationId: app.id,
        keyManagerId: resident.id,
        grantTypes: ["client_credentials"],
      },
    });
    const token = (extra: { subjectTokenId?: string; expiresAt?: Date } = {}) =>
      db.accessToken.create({
        data: {
          jti: crypto.randomUUID(),
          format: "JWT",
          clientId: client.id,
          applicationId: app.id,
          grantType: "client_credentials",
          expiresAt: extra.expiresAt ?? new Date(Date.now() + 3_600_000),
          subjectTokenId: extra.subjectTokenId,
        },
      });
    return { app, token };
  }

  it("revokes the application's tokens and those exchanged from them, announcing each, and nothing else", async () => {
    const mine = await application("mine");
    const theirs = await application("theirs");
    const own = await mine.token();
    const expired = await mine.token({ expiresAt: new Date(Date.now() - 1000) });
    // another application's token exchanged from ours goes too (it acts on our token's grant)
    const exchanged = await theirs.token({ subjectTokenId: own.id });
    const exchangedTwice = await theirs.token({ subjectTokenId: exchanged.id });
    const untouched = await theirs.token();
    const announced: ChangeMessage[] = [];
    const result = await revokeTokensOfApplication(
      { db, changes: { notify: async (m) => void announced.push(...m) } },
      mine.app.id,
    );
    expect(result.accessTokens).toBe(3);
    const rows = new Map((await db.accessToken.findMany()).map((r) => [r.id, r]));
    for (const t of [own, exchanged, exchangedTwice]) expect(rows.get(t.id)?.revokedAt).not.toBeNull();
    expect(rows.get(untouched.id)?.revokedAt).toBeNull();
    expect(rows.get(expired.id)?.revokedAt).toBeNull();
    expect(announced).toEqual(
      [own, exchanged, exchangedTwice].map((t) => ({ topic: "token.revoked", entityId: t.jti })),
    );
    // a second call finds nothing left to revoke
    expect(
      (await revokeTokensOfApplication({ db, changes: { notify: async () => {} } }, mine.app.id))
        .accessTokens,
    ).toBe(0);
  });
});
