import { createPrivateKey } from "node:crypto";
import { decryptSecret, MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRoutes } from "../src/rest/index";
import { makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { type RestCall, serveRestApis } from "./rest-api";

let db: Db;
let server: Awaited<ReturnType<typeof serveRestApis>>;
let adminToken: string;
let publisherToken: string;
let adminId: string;
const keyring = new MasterKeyring([MasterKeyring.generateKey()]);

beforeAll(async () => {
  db = await scratchDb();
  const token = await tokenIssuer(db);
  adminId = (await makeUser(db, "root", ["admin", "publisher", "developer"])).id;
  const pub = await makeUser(db, "pat", ["publisher"]);
  adminToken = await token(adminId, "portico:admin portico:api_view");
  // even with the admin scope in the token, a publisher's roles do not allow it
  publisherToken = await token(pub.id, "portico:admin portico:api_view");
  const base = "/api/admin/v1";
  server = await serveRestApis(db, [{ base, routes: adminRoutes }], { keyring: () => keyring });
  call = server.caller(base);
});
afterAll(async () => {
  await server.close();
  await db.$disconnect();
});

let call: RestCall;

describe("admin REST API", () => {
  it("lists grant types with their risk, and only for admins", async () => {
    const res = await call("GET", "/grant-types", adminToken);
    expect(res.status).toBe(200);
    const password = res.body.find((g: { name: string }) => g.name === "password");
    expect(password).toMatchObject({ enabled: true });
    expect(password.risk).toMatch(/password/i);
    expect((await call("GET", "/grant-types", publisherToken)).status).toBe(403);
  });

  it("disables a grant type by its URL-encoded name, audited", async () => {
    const name = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    const res = await call("PUT", `/grant-types/${encodeURIComponent(name)}`, adminToken, { enabled: true });
    expect(res.status).toBe(200);
    expect((await db.grantTypeSetting.findUniqueOrThrow({ where: { name } })).enabled).toBe(true);
    const off = await call("PUT", "/grant-types/password", adminToken, { enabled: false });
    expect(off.body).toEqual({ name: "password", enabled: false });
    expect((await db.grantTypeSetting.findUniqueOrThrow({ where: { name: "password" } })).enabled).toBe(
      false,
    );
    expect(await db.auditEvent.count({ where: { action: "grant_type.update", targetId: "password" } })).toBe(
      1,
    );
    expect((await call("PUT", "/grant-types/nonsense", adminToken, { enabled: false })).status).toBe(404);
    expect((await call("PUT", "/grant-types/password", adminToken, { enabled: "no" })).status).toBe(400);
    expect((await call("PUT", "/grant-types/password", publisherToken, { enabled: true })).status).toBe(403);
    expect((await db.grantTypeSetting.findUniqueOrThrow({ where: { name: "password" } })).enabled).toBe(
      false,
    );
  });

  it("keeps token validity defaults under their maximums", async () => {
    const bad = await call("PUT", "/token-validity", adminToken, {
      applicationTokenDefault: 100_000,
      applicationTokenMax: 3600,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe("applicationTokenDefault");
    const ok = await call("PUT", "/token-validity", adminToken, { applicationTokenMax: 7200 });
    expect(ok.body.applicationTokenMax).toBe(7200);
  });

  it("creates, refuses duplicate, and deletes throttling tiers", async () => {
    const created = await call("POST", "/tiers", adminToken, {
      name: "Platinum",
      level: "SUBSCRIPTION",
      requestCount: 10000,
    });
    expect(created.status).toBe(201);
    expect(
      (await call("POST", "/tiers", adminToken, { name: "Platinum", level: "SUBSCRIPTION", requestCount: 1 }))
        .status,
    ).toBe(409);
    expect((await call("POST", "/tiers", adminToken, { name: "NoLimit", level: "API" })).status).toBe(400);
    expect((await call("DELETE", `/tiers/${created.body.id}`, adminToken)).status).toBe(204);
  });

  it("creates users with hashed passwords and never lets the last admin go", async () => {
    const res = await call("POST", "/users", adminToken, {
      username: "newdev",
      password: "a-long-password-1",
      roles: ["developer"],
    });
    expect(res.status).toBe(201);
    expect(JSON.stringify(res.body)).not.toContain("a-long-password-1");
    expect((await db.user.findUniqueOrThrow({ where: { username: "newdev" } })).passwordHash).toMatch(
      /^scrypt\$/,
    );
    const demote = await call("PUT", `/users/${adminId}`, adminToken, { roles: ["developer"] });
    expect(demote.status).toBe(409);
  });

  it("shows the audit log newest first", async () => {
    const res = await call("GET", "/audit-events?limit=2", adminToken);
    expect(res.body).toHaveLength(2);
    expect(res.body[0].actor).toBe("root");
  });

  it("rotates the token signing key: a new active key, the old one retired but kept, the private part encrypted", async () => {
    const before = await call("GET", "/signing-keys", adminToken);
    const oldKid = before.body.find(
      (k: { status: string; alg: string }) => k.status === "ACTIVE" && k.alg === "ES256",
    ).kid;
    const res = await call("POST", "/signing-keys/rotate", adminToken, { alg: "ES256" });
    expect(res.status).toBe(200);
    expect(res.body.retired).toContain(oldKid);
    const after = await call("GET", "/signing-keys", adminToken);
    const byKid = Object.fromEntries(
      after.body.map((k: { kid: string; status: string }) => [k.kid, k.status]),
    );
    expect(byKid[res.body.kid]).toBe("ACTIVE");
    expect(byKid[oldKid]).toBe("RETIRED");
    expect(JSON.stringify(after.body)).not.toMatch(/PRIVATE|privateKey/);
    const row = await db.signingKey.findUniqueOrThrow({ where: { kid: res.body.kid } });
    // what is stored decrypts (with the master key) to a usable private key of the new key's kind
    const privateKey = createPrivateKey(decryptSecret(keyring, row.privateKeyEnc, `signing-key:${row.kid}`));
    expect([privateKey.type, privateKey.asymmetricKeyType]).toEqual(["private", "ec"]);
    expect((await call("POST", "/signing-keys/rotate", publisherToken, {})).status).toBe(403);
    expect((await call("POST", "/signing-keys/rotate", adminToken, { alg: "HS256" })).status).toBe(400);
  });
});
