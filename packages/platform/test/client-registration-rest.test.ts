// Dynamic client registration from the admin's side: the policy switch and initial access
// tokens over the admin REST API, and a real key manager on the same database honouring both.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MasterKeyring } from "@portico/crypto";
import { type RunningKeyManager, startKeyManager } from "@portico/keymanager";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Platform, startPlatform } from "./platform-server";

let p: Platform;
let km: RunningKeyManager;
let dispatcher: Agent;

beforeAll(async () => {
  const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
  p = await startPlatform(
    { root: ["admin", "publisher", "developer"], dana: ["developer"], pat: ["publisher"] },
    "sqlite",
    { keyManagerKeyring: keyring },
  );
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-platform-dcr-"));
  km = await startKeyManager({
    keyring,
    db: p.db,
    dataDir,
    port: 0,
    logLevel: "error",
    configuration: { settingsCacheMs: 0 },
  });
  dispatcher = new Agent({ connect: { ca: readFileSync(path.join(dataDir, "tls", "ca.pem"), "utf8") } });
});
afterAll(async () => {
  await km?.close();
  await dispatcher?.close();
  await p?.close();
});

async function register(token: string | undefined) {
  const res = await undiciFetch(`${km.url}/oauth2/register`, {
    method: "POST",
    dispatcher,
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ grant_types: ["client_credentials"], client_name: "Registered by a partner" }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function metadata() {
  const res = await undiciFetch(`${km.url}/.well-known/oauth-authorization-server`, { dispatcher });
  return (await res.json()) as Record<string, unknown>;
}

describe("client registration policy and initial access tokens", () => {
  it("is off by default; an admin switches it on, and the key manager serves registration", async () => {
    const initial = await p.admin("GET", "/client-registration", "root");
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ enabled: false, requireInitialAccessToken: true, updatedAt: null });
    expect(await metadata()).not.toHaveProperty("registration_endpoint");
    expect((await register(undefined)).status).toBe(404);

    const on = await p.admin("PUT", "/client-registration", "root", { enabled: true });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ enabled: true, requireInitialAccessToken: true });
    expect((await metadata()).registration_endpoint).toBe(`${km.url}/oauth2/register`);
    const audit = await p.db.auditEvent.findFirstOrThrow({ where: { action: "client_registration.update" } });
    expect(audit.details).toMatchObject({ fields: ["enabled"], enabled: true });
    // without an initial access token, still refused
    expect((await register(undefined)).status).toBe(401);
  });

  it("issues an initial access token once, stores only its hash, and the key manager spends it", async () => {
    await p.admin("PUT", "/client-registration", "root", { enabled: true });
    const issued = await p.admin("POST", "/client-registration/initial-access-tokens", "root", {
      description: "partner onboarding",
      expiresInSeconds: 600,
    });
    expect(issued.status).toBe(201);
    const token = issued.body.token as string;
    expect(issued.body).toMatchObject({ description: "partner onboarding", remainingUses: 1, usedCount: 0 });
    const rows = await p.db.initialAccessToken.findMany();
    expect(JSON.stringify(rows)).not.toContain(token);
    const list = await p.admin("GET", "/client-registration/initial-access-tokens", "root");
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(JSON.stringify(list.body)).not.toContain(rows[0]?.tokenHash ?? "no-hash");
    expect(JSON.stringify(await p.db.auditEvent.findMany())).not.toContain(token);

    const registered = await register(token);
    expect(registered.status).toBe(201);
    expect(registered.body.client_id).toEqual(expect.any(String));
    expect((await register(token)).status).toBe(401);
    const after = await p.admin("GET", "/client-registration/initial-access-tokens", "root");
    expect(after.body.find((t: { id: string }) => t.id === issued.body.id)).toMatchObject({
      remainingUses: 0,
      usedCount: 1,
    });
  });

  it("a revoked initial access token registers nothing; revoking an unknown one is 404", async () => {
    await p.admin("PUT", "/client-registration", "root", { enabled: true });
    const issued = await p.admin("POST", "/client-registration/initial-access-tokens", "root", {
      maxUses: null,
    });
    expect(issued.body.remainingUses).toBeNull();
    const revoked = await p.admin(
      "DELETE",
      `/client-registration/initial-access-tokens/${issued.body.id}`,
      "root",
    );
    expect(revoked.status).toBe(204);
    expect((await register(issued.body.token)).status).toBe(401);
    const missing = await p.admin("DELETE", "/client-registration/initial-access-tokens/nope", "root");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("NOT_FOUND");
  });

  it("refuses a policy that cannot work, naming the field, and changes nothing", async () => {
    const before = await p.admin("GET", "/client-registration", "root");
    for (const [body, field] of [
      [{ requireSoftwareStatement: true, softwareStatementJwks: null }, "softwareStatementJwks"],
      [{ grantTypes: ["password"] }, "grantTypes"],
      [{ tokenEndpointAuthMethods: ["tls_client_auth"] }, "tokenEndpointAuthMethods"],
      [{ softwareStatementJwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } }, "softwareStatementJwks"],
      [{ redirectUriHosts: ["https://x.example/"] }, "redirectUriHosts"],
      [{ enabled: "yes" }, "enabled"],
      [{ unknownField: true }, ""],
    ] as const) {
      const res = await p.admin("PUT", "/client-registration", "root", body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe("VALIDATION_FAILED");
      if (field) expect(JSON.stringify(res.body.details)).toContain(field);
    }
    expect((await p.admin("GET", "/client-registration", "root")).body).toEqual(before.body);
    const issue = await p.admin("POST", "/client-registration/initial-access-tokens", "root", { maxUses: 0 });
    expect(issue.status).toBe(400);
  });

  it("is for admins only: a developer or publisher, even with the admin scope in the token, gets 403", async () => {
    const count = await p.db.initialAccessToken.count();
    for (const user of ["dana", "pat"]) {
      expect((await p.admin("GET", "/client-registration", user)).status).toBe(403);
      expect((await p.admin("PUT", "/client-registration", user, { enabled: false })).status).toBe(403);
      expect((await p.admin("POST", "/client-registration/initial-access-tokens", user, {})).status).toBe(
        403,
      );
      expect((await p.admin("GET", "/client-registration/initial-access-tokens", user)).status).toBe(403);
    }
    expect(await p.db.initialAccessToken.count()).toBe(count);
    expect((await p.admin("GET", "/client-registration", "root")).body.enabled).toBe(true);
  });
});
