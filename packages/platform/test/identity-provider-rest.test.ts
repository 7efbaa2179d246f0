import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decryptSecret, MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityProviderRoutes } from "../src/rest/index";
import { makeUser, scratchDb, selfSignedCertificate, tokenIssuer } from "./fixtures";
import { type RestCall, serveRestApis } from "./rest-api";

let db: Db;
let server: Awaited<ReturnType<typeof serveRestApis>>;
let adminToken: string;
let publisherToken: string;
let certificatePem: string;
const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
const dir = mkdtempSync(path.join(tmpdir(), "portico-idp-rest-"));

beforeAll(async () => {
  db = await scratchDb();
  const token = await tokenIssuer(db);
  adminToken = await token((await makeUser(db, "root", ["admin"])).id, "portico:admin");
  publisherToken = await token((await makeUser(db, "pat", ["publisher"])).id, "portico:admin");
  // a certificate made by openssl, as an IdP would publish it
  certificatePem = selfSignedCertificate(dir, "idp");
  const base = "/api/admin/v1";
  server = await serveRestApis(db, [{ base, routes: identityProviderRoutes }], { keyring: () => keyring });
  call = server.caller(base);
});
afterAll(async () => {
  await server.close();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

let call: RestCall;

describe("identity providers admin REST API", () => {
  it("registers a SAML IdP with a validated certificate, and refuses a bad one next to its field", async () => {
    const bad = await call("POST", "/identity-providers", adminToken, {
      type: "SAML2",
      name: "bad",
      entityId: "https://idp.example.test",
      certificates: ["-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.details)).toContain("certificates");
    const res = await call("POST", "/identity-providers", adminToken, {
      type: "SAML2",
      name: "corp-saml",
      entityId: "https://idp.example.test",
      certificates: [certificatePem],
      mapping: { username: "attribute:uid" },
      provisionUsers: true,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: "SAML2",
      issuer: "https://idp.example.test",
      provisionUsers: true,
      hasKeytab: false,
    });
    expect(
      (
        await call("POST", "/identity-providers", adminToken, {
          type: "NTLM",
          name: "corp-saml",
          domain: "CORP",
        })
      ).status,
    ).toBe(409);
    expect((await call("GET", "/identity-providers", publisherToken)).status).toBe(403);
  });

  it("stores a Kerberos keytab encrypted and never returns it", async () => {
    const keytab = Buffer.from("not really a keytab but secret bytes").toString("base64");
    const res = await call("POST", "/identity-providers", adminToken, {
      type: "KERBEROS",
      name: "corp-kerberos",
      realm: "EXAMPLE.TEST",
      servicePrincipal: "HTTP/km.example.test",
      keytab,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      issuer: "EXAMPLE.TEST",
      audience: "HTTP/km.example.test",
      hasKeytab: true,
    });
    expect(res.text).not.toContain(keytab);
    const row = await db.identityProvider.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row.keytabEnc).not.toContain(keytab);
    expect(decryptSecret(keyring, row.keytabEnc as string, `identity-provider:${row.id}`)).toBe(keytab);
    const list = await call("GET", "/identity-providers", adminToken);
    expect(list.text).not.toContain(keytab);
    expect(list.text).not.toContain(row.keytabEnc as string);
    // an update without a keytab keeps it (a partial update: null clears an optional field);
    // renaming is refused
    const updated = await call("PUT", `/identity-providers/${row.id}`, adminToken, {
      type: "KERBEROS",
      name: "corp-kerberos",
      realm: "EXAMPLE.TEST",
      servicePrincipal: null,
      mapping: { allowedRealms: ["PARTNER.TEST"] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      hasKeytab: true,
      audience: null,
      mapping: { allowedRealms: ["PARTNER.TEST"] },
    });
    const renamed = await call("PUT", `/identity-providers/${row.id}`, adminToken, {
      type: "KERBEROS",
      name: "x",
      realm: "EXAMPLE.TEST",
    });
    expect(renamed.status).toBe(400);
    // null clears only an optional field: on a defaulted one it is refused, not reset to the default
    const nulled = await call("PUT", `/identity-providers/${row.id}`, adminToken, { provisionUsers: null });
    expect(nulled.status).toBe(400);
    expect(nulled.body.details.fields.map((f: { field: string }) => f.field)).toEqual(["provisionUsers"]);
    const audits = await db.auditEvent.findMany({ where: { targetId: row.id } });
    expect(audits.map((a) => a.action).sort()).toEqual([
      "identity_provider.create",
      "identity_provider.update",
    ]);
    expect(JSON.stringify(audits)).not.toContain(keytab);
    expect(await db.changeEvent.count({ where: { topic: "key-manager", entityId: row.id } })).toBe(2);
  });

  it("registers an NTLM domain upper-cased and deletes it", async () => {
    const res = await call("POST", "/identity-providers", adminToken, {
      type: "NTLM",
      name: "windows",
      domain: "corp",
    });
    expect(res.status).toBe(201);
    expect(res.body.issuer).toBe("CORP");
    expect((await call("DELETE", `/identity-providers/${res.body.id}`, adminToken)).status).toBe(204);
    expect((await call("GET", `/identity-providers/${res.body.id}`, adminToken)).status).toBe(404);
  });
});
