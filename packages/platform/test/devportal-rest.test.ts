import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureLocalTls, MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { createUser } from "@portico/db";
import { type RunningKeyManager, startKeyManager } from "@portico/keymanager";
import { decodeJwt } from "jose";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyManagerTokenIssuer } from "../src/index";
import { devportalRoutes } from "../src/rest/index";
import { GATEWAY, makeUser, type Provider, scratchDatabase, tokenIssuer } from "./fixtures";
import { type RestCall, serveRestApis } from "./rest-api";

// The developer portal's REST API against a real key manager over HTTPS: token generation goes
// through the key manager's token endpoint, as in production. Revoking all tokens runs on SQLite
// and PostgreSQL; the journey on SQLite.
describe.each<Provider>(["sqlite", "postgresql"])("on %s", (provider) => {
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  let km: RunningKeyManager;
  let server: Awaited<ReturnType<typeof serveRestApis>>;
  let dana: string;
  let eve: string;
  let dispatcher: Agent;
  let issueToken: Awaited<ReturnType<typeof tokenIssuer>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ db, drop } = await scratchDatabase(provider));
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-devportal-"));
    const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
    const tls = await ensureLocalTls(dataDir);
    km = await startKeyManager({
      db,
      dataDir,
      keyring,
      port: 0,
      audience: GATEWAY,
      portals: { publisherUrl: "http://localhost:3000", devportalUrl: "http://localhost:3001" },
    });
    const token = await tokenIssuer(db, { keyManagerKeyring: keyring });
    issueToken = token;
    const developer = "portico:subscribe portico:app_manage";
    const danaUser = await makeUser(db, "dana", ["developer"]);
    const eveUser = await makeUser(db, "eve", ["developer"]);
    dana = await token(danaUser.id, developer);
    eve = await token(eveUser.id, developer);
    // a published API with two scopes: one for developers, one for admins only
    const owner = await makeUser(db, "pat", ["publisher"]);
    const dev = await db.role.findUniqueOrThrow({ where: { name: "developer" } });
    const admin = await db.role.findUniqueOrThrow({ where: { name: "admin" } });
    const gold = await db.throttlingTier.findFirstOrThrow({ where: { name: "Gold", level: "SUBSCRIPTION" } });
    const api = await db.api.create({
      data: {
        name: "Pizza",
        version: "1.0.0",
        context: "/pizza",
        state: "PUBLISHED",
        ownerId: owner.id,
        productionEndpoint: "http://127.0.0.1:9",
        tiers: { create: [{ tierId: gold.id }] },
        scopes: {
          create: [
            { name: "pizza:read", description: "Read", roles: { create: [{ roleId: dev.id }] } },
            { name: "pizza:admin", description: "Manage", roles: { create: [{ roleId: admin.id }] } },
          ],
        },
      },
    });
    ids.api = api.id;
    const guide = await db.apiDocument.create({
      data: {
        apiId: api.id,
        name: "Getting started",
        type: "HOWTO",
        content: "# Order a pizza\n\nCall `GET /menu`.",
      },
    });
    ids.guide = guide.id;
    await db.apiDocument.create({
      data: { apiId: api.id, name: "Forum", type: "PUBLIC_FORUM", sourceUrl: "https://forum.example/pizza" },
    });
    const hidden = await db.api.create({
      data: { name: "Hidden", version: "1", context: "/hidden", state: "CREATED", ownerId: owner.id },
    });
    ids.hidden = hidden.id;
    ids.hiddenDoc = (
      await db.apiDocument.create({
        data: { apiId: hidden.id, name: "Secret plan", type: "OTHER", content: "x" },
      })
    ).id;
    dispatcher = new Agent({ connect: { ca: tls.ca } });
    const base = "/api/devportal/v1";
    server = await serveRestApis(db, [{ base, routes: devportalRoutes }], {
      issueApplicationToken: keyManagerTokenIssuer({
        issuer: km.url,
        keyring: () => keyring,
        dispatcher,
      }),
    });
    call = server.caller(base);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await km?.close();
    await drop?.();
  });

  let call: RestCall;

  if (provider === "sqlite") {
    describe("developer portal REST API: the journey", () => {
      it("lists only published APIs in the catalog", async () => {
        const res = await call("GET", "/apis", dana);
        expect(res.body.map((a: { name: string }) => a.name)).toEqual(["Pizza"]);
        expect(res.body[0].owner).toBeUndefined();
      });

      it("shows a published API's documents, and nothing of an unpublished API's", async () => {
        const list = await call("GET", `/apis/${ids.api}/documents`, dana);
        expect(list.status).toBe(200);
        expect(list.body.map((d: { name: string; type: string }) => [d.name, d.type])).toEqual([
          ["Forum", "PUBLIC_FORUM"],
          ["Getting started", "HOWTO"],
        ]);
        // the list carries links, not whole documents
        expect(list.body[1].content).toBeUndefined();
        expect(list.body[0].sourceUrl).toBe("https://forum.example/pizza");
        const one = await call("GET", `/apis/${ids.api}/documents/${ids.guide}`, dana);
        expect(one.body.content).toBe("# Order a pizza\n\nCall `GET /menu`.");
        // a document id of another API, and an unpublished API's documents, are 404 alike
        expect((await call("GET", `/apis/${ids.api}/documents/${ids.hiddenDoc}`, dana)).status).toBe(404);
        expect((await call("GET", `/apis/${ids.hidden}/documents`, dana)).status).toBe(404);
        expect((await call("GET", `/apis/${ids.hidden}/documents/${ids.hiddenDoc}`, dana)).status).toBe(404);
      });

      it("creates an application, subscribes it, generates keys (secret once) and a token with one scope and 120 s", async () => {
        const app = await call("POST", "/applications", dana, { name: "Shop", tokenType: "JWT" });
        expect(app.status).toBe(201);
        ids.app = app.body.id;
        expect(
          (
            await call("POST", "/subscriptions", dana, {
              applicationId: ids.app,
              apiId: ids.api,
              tier: "Bronze",
            })
          ).status,
        ).toBe(400);
        const sub = await call("POST", "/subscriptions", dana, {
          applicationId: ids.app,
          apiId: ids.api,
          tier: "Gold",
        });
        expect(sub.status).toBe(201);
        ids.sub = sub.body.id;
        const keys = await call("POST", `/applications/${ids.app}/keys`, dana, {
          keyType: "PRODUCTION",
          grantTypes: ["client_credentials"],
        });
        expect(keys.status).toBe(201);
        expect(keys.body.consumerSecret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
        const listed = await call("GET", `/applications/${ids.app}/keys`, dana);
        expect(JSON.stringify(listed.body)).not.toContain(keys.body.consumerSecret);
        ids.consumerKey = keys.body.consumerKey;

        const scopes = await call("GET", `/applications/${ids.app}/scopes`, dana);
        expect(
          scopes.body.map((s: { name: string; allowed: boolean }) => `${s.name}:${s.allowed}`).sort(),
        ).toEqual(["pizza:admin:false", "pizza:read:true"]);

        const token = await call("POST", `/applications/${ids.app}/tokens`, dana, {
          keyType: "PRODUCTION",
          scopes: ["pizza:read"],
          validityPeriod: 120,
        });
        expect(token.status).toBe(201);
        expect(token.body).toMatchObject({ tokenType: "Bearer", expiresIn: 120, scope: "pizza:read" });
        const claims = decodeJwt(token.body.accessToken);
        expect(claims).toMatchObject({
          iss: km.url,
          client_id: ids.consumerKey,
          scope: "pizza:read",
          aud: GATEWAY,
        });
        expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(120);
        const active = await call("GET", `/applications/${ids.app}/tokens`, dana);
        expect(active.body).toHaveLength(1);
      });

      it("refuses validity beyond the admin's maximum, unsubscribed and role-forbidden scopes, next to the field", async () => {
        const over = await call("POST", `/applications/${ids.app}/tokens`, dana, {
          keyType: "PRODUCTION",
          scopes: [],
          validityPeriod: 10_000_000,
        });
        expect(over.status).toBe(400);
        expect(over.body.details.fields[0].field).toBe("validityPeriod");
        const foreign = await call("POST", `/applications/${ids.app}/tokens`, dana, {
          keyType: "PRODUCTION",
          scopes: ["weather:read"],
          validityPeriod: 120,
        });
        expect(foreign.status).toBe(400);
        expect(foreign.body.details.fields[0].field).toBe("scopes");
        const forbidden = await call("POST", `/applications/${ids.app}/tokens`, dana, {
          keyType: "PRODUCTION",
          scopes: ["pizza:admin"],
          validityPeriod: 120,
        });
        expect(forbidden.status).toBe(400);
        expect(forbidden.body.message).toMatch(/roles do not allow/);
        const noKeys = await call("POST", `/applications/${ids.app}/tokens`, dana, {
          keyType: "SANDBOX",
          scopes: [],
          validityPeriod: 120,
        });
        expect(noKeys.status).toBe(400);
      });

      it("refuses grant types the admin has not enabled", async () => {
        const res = await call("POST", `/applications/${ids.app}/keys`, dana, {
          keyType: "SANDBOX",
          grantTypes: ["kerberos"],
        });
        expect(res.status).toBe(400);
        expect(res.body.details.fields[0].field).toBe("grantTypes");
        expect(await db.oAuthClient.count({ where: { applicationId: ids.app, keyType: "SANDBOX" } })).toBe(0);
      });

      it("rotates secrets without downtime: a second secret, the first expiring later", async () => {
        const res = await call("POST", `/applications/${ids.app}/keys/PRODUCTION/secrets`, dana, {
          expireExistingInSeconds: 3600,
        });
        expect(res.status).toBe(201);
        const keys = await call("GET", `/applications/${ids.app}/keys`, dana);
        const secrets = keys.body[0].secrets;
        expect(secrets).toHaveLength(2);
        expect(secrets.filter((s: { expiresAt: string | null }) => s.expiresAt !== null)).toHaveLength(1);
      });

      it("shows another developer none of it: every id-based call is 404", async () => {
        expect((await call("GET", `/applications/${ids.app}`, eve)).status).toBe(404);
        expect((await call("GET", `/applications/${ids.app}/keys`, eve)).status).toBe(404);
        expect(
          (
            await call("POST", `/applications/${ids.app}/tokens`, eve, {
              keyType: "PRODUCTION",
              scopes: [],
              validityPeriod: 120,
            })
          ).status,
        ).toBe(404);
        expect((await call("DELETE", `/applications/${ids.app}/tokens`, eve)).status).toBe(404);
        expect((await call("DELETE", `/subscriptions/${ids.sub}`, eve)).status).toBe(404);
        expect((await call("PUT", `/applications/${ids.app}`, eve, { name: "Mine" })).status).toBe(404);
        expect((await call("GET", "/applications", eve)).body).toEqual([]);
        expect((await call("GET", "/subscriptions", eve)).body).toEqual([]);
        expect((await call("GET", `/applications/${ids.app}`, dana)).body.name).toBe("Shop");
      });

      it("revokes all tokens and tells the gateway (a change event per token)", async () => {
        const res = await call("DELETE", `/applications/${ids.app}/tokens`, dana);
        expect(res.body.revoked).toBe(1);
        expect((await call("GET", `/applications/${ids.app}/tokens`, dana)).body).toEqual([]);
        expect(await db.changeEvent.count({ where: { topic: "token.revoked" } })).toBe(1);
      });
    });
  }
  describe("developer portal REST API: revoking all tokens", () => {
    async function tokenEndpoint(form: Record<string, string>, basic: string) {
      const res = await fetch(`${km.url}/oauth2/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${basic}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(form).toString(),
        dispatcher,
      } as RequestInit);
      return { status: res.status, body: await res.json() };
    }

    it("also ends refresh-token families: a refresh token issued before no longer works", async () => {
      const password = `pw-${crypto.randomUUID()}`;
      const frida = await createUser(db, { username: "frida", password, roles: ["developer"] });
      const bearer = await issueToken(frida.id, "portico:subscribe portico:app_manage");
      const app = await call("POST", "/applications", bearer, { name: "Mobile" });
      const keys = await call("POST", `/applications/${app.body.id}/keys`, bearer, {
        keyType: "PRODUCTION",
        grantTypes: ["password", "refresh_token"],
      });
      expect(keys.status).toBe(201);
      const basic = Buffer.from(`${keys.body.consumerKey}:${keys.body.consumerSecret}`).toString("base64");
      const first = await tokenEndpoint({ grant_type: "password", username: "frida", password }, basic);
      expect(first.status).toBe(200);
      expect(first.body.refresh_token).toBeTruthy();
      // the family is alive: one rotation works
      const rotated = await tokenEndpoint(
        { grant_type: "refresh_token", refresh_token: first.body.refresh_token },
        basic,
      );
      expect(rotated.status).toBe(200);

      const revoked = await call("DELETE", `/applications/${app.body.id}/tokens`, bearer);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revoked).toBe(2);
      const after = await tokenEndpoint(
        { grant_type: "refresh_token", refresh_token: rotated.body.refresh_token },
        basic,
      );
      expect(after.status).toBe(400);
      expect(after.body.error).toBe("invalid_grant");
      expect(
        await db.refreshTokenFamily.count({
          where: { client: { applicationId: app.body.id }, revokedAt: null },
        }),
      ).toBe(0);
    });
  });
});
