// An external key manager end to end, with a real peer: oidc-provider (the npm package) with
// dynamic registration, introspection and revocation stands in for Keycloak or Okta. The admin adds
// it by its issuer URL, a developer's application gets its client there by registration, subscribes,
// gets a token from oidc-provider through the developer portal API, and a real gateway maps the
// token's client id to the application: the subscribed API answers, another is 403, and a token
// revoked at oidc-provider is refused once the introspection cache bound has passed.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basic, type ExternalWorld, startExternalWorld } from "./external-key-manager-world";

let w: ExternalWorld;
beforeAll(async () => {
  w = await startExternalWorld();
}, 60_000);
afterAll(async () => w?.close());

describe("an external key manager by issuer URL, with oidc-provider as the peer", () => {
  let appId: string;
  let consumerKey: string;
  let consumerSecret: string;

  it("refuses an issuer the egress rules forbid, or one that is not a discovery host, changing nothing", async () => {
    const before = await w.p.db.keyManager.count();
    for (const bad of [
      "http://169.254.169.254/latest",
      "http://[::1]:1/",
      "ftp://idp.example/",
      "http://127.0.0.1:1",
    ]) {
      const res = await w.p.admin("POST", "/key-managers/by-issuer", "root", { name: "Bad", issuer: bad });
      expect(res.status).toBe(400);
      expect(res.body.details.fields[0].field).toBe("issuer");
    }
    expect(await w.p.db.keyManager.count()).toBe(before);
    // a developer cannot add one
    expect(
      (await w.p.admin("POST", "/key-managers/by-issuer", "dana", { name: "Mine", issuer: w.issuer })).status,
    ).toBe(403);
  });

  it("refuses a discovery URL, or a document naming endpoints, the egress rules forbid, changing nothing", async () => {
    const before = await w.p.db.keyManager.count();
    for (const bad of ["http://169.254.169.254/latest/.well-known/openid-configuration", "http://[::1]:1/"]) {
      const res = await w.p.admin("POST", "/key-managers", "root", { name: "Bad", discoveryUrl: bad });
      expect(res.status).toBe(400);
      expect(res.body.details.fields[0].field).toBe("discoveryUrl");
    }
    // an allowed host whose document points the gateway at cloud metadata
    const lure = createServer((_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ issuer: "https://lure.example", jwks_uri: "http://169.254.169.254/keys" }));
    });
    lure.listen(0, "127.0.0.1");
    await once(lure, "listening");
    try {
      const { port } = lure.address() as AddressInfo;
      const res = await w.p.admin("POST", "/key-managers", "root", {
        name: "Lure",
        discoveryUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
      });
      expect(res.status).toBe(400);
      expect(res.body.details.fields[0].field).toBe("discoveryUrl (its jwks_uri)");
    } finally {
      lure.close();
    }
    expect(await w.p.db.keyManager.count()).toBe(before);
  });

  it("the admin adds it by issuer URL: discovery fills in the endpoints; its secrets are encrypted", async () => {
    const res = await w.p.admin("POST", "/key-managers/by-issuer", "root", {
      name: "Partner IdP",
      issuer: w.issuer,
      tokenValidation: "INTROSPECTION",
      clientId: w.introspector.id,
      clientSecret: w.introspector.secret,
      offersRegistration: true,
      registrationToken: w.registrationToken,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: "EXTERNAL",
      issuer: w.issuer,
      jwksUri: `${w.issuer}/jwks`,
      tokenEndpoint: `${w.issuer}/token`,
      introspectionEndpoint: `${w.issuer}/token/introspection`,
      registrationEndpoint: `${w.issuer}/reg`,
      tokenValidation: "INTROSPECTION",
      offersRegistration: true,
      hasClientSecret: true,
      hasRegistrationToken: true,
    });
    const stored = JSON.stringify(await w.p.db.keyManager.findMany());
    expect(stored).not.toContain(w.introspector.secret);
    expect(stored).not.toContain(w.registrationToken);
    const again = await w.p.admin("POST", "/key-managers/by-issuer", "root", {
      name: "Twice",
      issuer: w.issuer,
    });
    expect(again.status).toBe(409);
  });

  it("a developer's application gets its client there by registration, and a token from it", async () => {
    await w.createApi("/pizza");
    const listed = await w.p.devportal("GET", "/key-managers", "dana");
    expect(listed.body).toEqual([
      expect.objectContaining({
        name: "Partner IdP",
        offersRegistration: true,
        grantTypes: expect.arrayContaining(["client_credentials"]),
      }),
    ]);
    const app = await w.p.devportal("POST", "/applications", "dana", { name: "Dana shop" });
    appId = app.body.id;
    const keys = await w.p.devportal("POST", `/applications/${appId}/external-keys`, "dana", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      grantTypes: ["client_credentials"],
    });
    expect(keys.body).toMatchObject({ consumerKey: expect.any(String) });
    consumerKey = keys.body.consumerKey;
    consumerSecret = keys.body.consumerSecret;
    expect(consumerSecret).toEqual(expect.any(String));
    // the secret is the external key manager's: Portico keeps no trace of it
    expect(JSON.stringify(await w.p.db.oAuthClient.findMany({ include: { secrets: true } }))).not.toContain(
      consumerSecret,
    );
    // the client is real at oidc-provider
    expect((await w.idpToken(consumerKey, consumerSecret)).access_token).toEqual(expect.any(String));
  });

  it("subscribed, the call through the gateway succeeds; an API it is not subscribed to is 403", async () => {
    const apis = await w.p.devportal("GET", "/apis", "dana");
    const pizza = apis.body.find((a: { context: string }) => a.context === "/pizza");
    const otherId = await w.createApi("/other");
    const sub = await w.p.devportal("POST", "/subscriptions", "dana", {
      applicationId: appId,
      apiId: pizza.id,
      tier: "Unlimited",
    });
    expect(sub.body).toMatchObject({ id: expect.any(String) });
    const token = await w.p.devportal(
      "POST",
      `/applications/${appId}/external-keys/PRODUCTION/tokens`,
      "dana",
      {
        consumerSecret,
        scopes: ["pizza:read", "other:read"],
      },
    );
    expect(token.status).toBe(201);
    const accessToken = token.body.accessToken as string;
    await expect
      .poll(async () => (await w.gatewayCall("/pizza/1.0.0/menu", accessToken)).status, { timeout: 5000 })
      .toBe(200);
    expect((await w.gatewayCall("/pizza/1.0.0/menu", accessToken)).body).toContain("/menu");
    expect(otherId).toEqual(expect.any(String));
    const other = await w.gatewayCall("/other/1.0.0/menu", accessToken);
    expect(other.status).toBe(403);
    expect(other.body).toMatch(/subscri/i);
    // a wrong secret gets oidc-provider's refusal, not a token
    const wrong = await w.p.devportal(
      "POST",
      `/applications/${appId}/external-keys/PRODUCTION/tokens`,
      "dana",
      {
        consumerSecret: "not-the-secret",
      },
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.fields[0].field).toBe("consumerSecret");
    // another developer cannot use dana's keys
    const eve = await w.p.devportal("POST", `/applications/${appId}/external-keys/PRODUCTION/tokens`, "eve", {
      consumerSecret,
    });
    expect(eve.status).toBe(404);
  });

  it("a token revoked at oidc-provider is refused once the introspection cache bound (60 s) has passed", async () => {
    const { access_token: token } = await w.idpToken(consumerKey, consumerSecret);
    expect((await w.gatewayCall("/pizza/1.0.0/menu", token)).status).toBe(200);
    const revoked = await fetch(`${w.issuer}/token/revocation`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: basic(consumerKey, consumerSecret),
      },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(revoked.status).toBe(200);
    w.setSkew(61_000);
    const after = await w.gatewayCall("/pizza/1.0.0/menu", token);
    expect(after.status).toBe(401);
    w.setSkew(0);
  });

  it("links an existing client proven by its client-credentials token; nobody can link a client id twice", async () => {
    const eveApp = (await w.p.devportal("POST", "/applications", "eve", { name: "Eve app" })).body
      .id as string;
    // eve holds a token of dana's client (leaked, say): the client id is dana's application's already
    const leaked = (await w.idpToken(consumerKey, consumerSecret)).access_token;
    const steal = await w.p.devportal("POST", `/applications/${eveApp}/external-keys/link`, "eve", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: consumerKey,
      accessToken: leaked,
    });
    expect(steal.body).toMatchObject({ code: "CONFLICT" });
    // a token of her own client does not prove another client id
    const own = await w.idpClient();
    const ownToken = (await w.idpToken(own.client_id, own.client_secret)).access_token;
    const mismatch = await w.p.devportal("POST", `/applications/${eveApp}/external-keys/link`, "eve", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: "someone-elses-client",
      accessToken: ownToken,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.details.fields[0].field).toBe("accessToken");
    // nor does a made-up token
    const forged = await w.p.devportal("POST", `/applications/${eveApp}/external-keys/link`, "eve", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: own.client_id,
      accessToken: "forged-token",
    });
    expect(forged.status).toBe(400);
    expect(await w.p.db.oAuthClient.count({ where: { applicationId: eveApp } })).toBe(0);
    // her own client, proven, links
    const linked = await w.p.devportal("POST", `/applications/${eveApp}/external-keys/link`, "eve", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: own.client_id,
      accessToken: ownToken,
    });
    expect(linked.status).toBe(201);
    // and dana cannot link it to hers afterwards
    const danaApp = (await w.p.devportal("POST", "/applications", "dana", { name: "Dana second" })).body
      .id as string;
    const late = await w.p.devportal("POST", `/applications/${danaApp}/external-keys/link`, "dana", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: own.client_id,
      accessToken: (await w.idpToken(own.client_id, own.client_secret)).access_token,
    });
    expect(late.status).toBe(409);
    // two developers racing to link one client: exactly one wins
    const raced = await w.idpClient();
    const racedToken = (await w.idpToken(raced.client_id, raced.client_secret)).access_token;
    const eveSecond = (await w.p.devportal("POST", "/applications", "eve", { name: "Eve second" })).body
      .id as string;
    const danaThird = (await w.p.devportal("POST", "/applications", "dana", { name: "Dana race" })).body
      .id as string;
    const race = await Promise.all(
      [
        ["eve", eveSecond],
        ["dana", danaThird],
      ].map(([user, app]) =>
        w.p.devportal("POST", `/applications/${app}/external-keys/link`, user as string, {
          keyManager: "Partner IdP",
          keyType: "SANDBOX",
          clientId: raced.client_id,
          accessToken: racedToken,
        }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await w.p.db.oAuthClient.count({ where: { clientId: raced.client_id } })).toBe(1);
    // the gateway maps eve's token to eve's application, which has no subscription: 403
    await expect
      .poll(async () => (await w.gatewayCall("/pizza/1.0.0/menu", ownToken)).status, { timeout: 5000 })
      .toBe(403);
  });

  it("grant types switched off for this key manager cannot be registered or used", async () => {
    const off = await w.p.admin("PUT", `/grant-types/client_credentials`, "root", {
      enabled: false,
      keyManager: "Partner IdP",
    });
    expect(off.status).toBe(200);
    const app = (await w.p.devportal("POST", "/applications", "dana", { name: "Dana third" })).body
      .id as string;
    const refused = await w.p.devportal("POST", `/applications/${app}/external-keys`, "dana", {
      keyManager: "Partner IdP",
      keyType: "SANDBOX",
      grantTypes: ["client_credentials"],
    });
    expect(refused.body).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(refused.body.details.fields[0].field).toBe("grantTypes");
    const token = await w.p.devportal(
      "POST",
      `/applications/${appId}/external-keys/PRODUCTION/tokens`,
      "dana",
      { consumerSecret },
    );
    expect(token.status).toBe(400);
    await w.p.admin("PUT", `/grant-types/client_credentials`, "root", {
      enabled: true,
      keyManager: "Partner IdP",
    });
  });
});
