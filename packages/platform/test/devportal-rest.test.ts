import type { Db } from "@portico/db";
import { createUser } from "@portico/db";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Devportal, startDevportal } from "./devportal-world";
import { GATEWAY, type Provider } from "./fixtures";
import type { RestCall } from "./rest-api";

// The developer portal's REST API against a real key manager over HTTPS: token generation goes
// through the key manager's token endpoint, as in production. Revoking all tokens runs on SQLite
// and PostgreSQL; the journey on SQLite.
describe.each<Provider>(["sqlite", "postgresql"])("on %s", (provider) => {
  let devportal: Devportal;
  let db: Db;
  let km: Devportal["km"];
  let dispatcher: Devportal["dispatcher"];
  let call: RestCall;
  let dana: string;
  let eve: string;
  let issueToken: Devportal["issueToken"];
  let ids: Record<string, string>;

  beforeAll(async () => {
    devportal = await startDevportal(provider);
    ({ db, km, dispatcher, call, dana, eve, issueToken, ids } = devportal);
  }, 60_000);
  afterAll(async () => {
    await devportal?.close();
  });

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
