// An external key manager end to end, with a real peer: oidc-provider (the npm package) with
// dynamic registration, introspection and revocation stands in for Keycloak or Okta. The admin adds
// it by its issuer URL, a developer's application gets its client there by registration, subscribes,
// gets a token from oidc-provider through the developer portal API, and a real gateway maps the
// token's client id to the application: the subscribed API answers, another is 403, and a token
// revoked at oidc-provider is refused once the introspection cache bound has passed.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningGateway, startGateway } from "@portico/gateway";
import { loadSettings } from "@portico/settings";
import Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY } from "./fixtures";
import { type Platform, startPlatform } from "./platform-server";

let p: Platform;
let gw: RunningGateway;
let idp: Server;
let backend: Server;
let issuer: string;
let skewMs = 0;
let allowBefore: string | undefined;
const introspector = { id: "portico-introspector", secret: randomBytes(24).toString("base64url") };
const registrationToken = randomBytes(24).toString("base64url");

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

/** The client credentials grant straight at oidc-provider, as a developer's own code would. */
async function idpToken(clientId: string, secret: string, scope = "pizza:read") {
  const res = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(clientId, secret) },
    body: new URLSearchParams({ grant_type: "client_credentials", scope }).toString(),
  });
  return (await res.json()) as { access_token: string };
}

/** A client registered at oidc-provider directly (not through Portico). */
async function idpClient() {
  const res = await fetch(`${issuer}/reg`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${registrationToken}` },
    body: JSON.stringify({
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: "client_secret_basic",
    }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { client_id: string; client_secret: string };
}

async function gatewayCall(pathName: string, token: string) {
  const res = await fetch(`${gw.httpUrl}${pathName}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: await res.text() };
}

async function createApi(publisher: Platform, context: string) {
  const created = await publisher.publisher("POST", "/apis", "pat", {
    name: context.slice(1),
    version: "1.0.0",
    context,
    endpoints: { production: `http://127.0.0.1:${(backend.address() as AddressInfo).port}` },
    scopes: [{ name: `${context.slice(1)}:read`, roles: [] }],
    resources: [{ method: "GET", path: "/menu", scopes: [`${context.slice(1)}:read`] }],
    tiers: ["Unlimited"],
    transports: ["https", "http"],
    keyManagers: ["Partner IdP"],
  });
  expect(created.body).toMatchObject({ id: expect.any(String) });
  const published = await publisher.publisher("POST", `/apis/${created.body.id}/lifecycle`, "pat", {
    action: "publish",
  });
  expect(published.status).toBe(200);
  return created.body.id as string;
}

beforeAll(async () => {
  // the peers listen on loopback, which the egress rules refuse unless an admin allows it
  allowBefore = process.env.PORTICO_BACKEND_ALLOW;
  process.env.PORTICO_BACKEND_ALLOW = "127.0.0.0/8";
  backend = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url }));
  });
  await listen(backend);
  idp = createServer();
  const port = await listen(idp);
  issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: introspector.id,
        client_secret: introspector.secret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    scopes: ["pizza:read", "other:read"],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      registration: { enabled: true, initialAccessToken: registrationToken },
    },
  });
  idp.on("request", provider.callback());

  p = await startPlatform({
    root: ["admin", "publisher", "developer"],
    pat: ["publisher"],
    dana: ["developer"],
    eve: ["developer"],
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-ekm-"));
  const settings = loadSettings({
    DATABASE_URL: `file:${path.join(dataDir, "unused.db")}`,
    PORTICO_DATA_DIR: dataDir,
    PORTICO_ISSUER: "https://localhost:9443",
    PORTICO_GATEWAY_URL: GATEWAY,
    PORTICO_BACKEND_ALLOW: "127.0.0.0/8",
  });
  gw = await startGateway({
    settings,
    db: p.db,
    keyring: p.keyring,
    httpPort: 0,
    httpsPort: 0,
    host: "127.0.0.1",
    pollIntervalMs: 100,
    clock: () => Date.now() + skewMs,
    log: () => {},
  });
}, 60_000);

afterAll(async () => {
  if (allowBefore === undefined) delete process.env.PORTICO_BACKEND_ALLOW;
  else process.env.PORTICO_BACKEND_ALLOW = allowBefore;
  await gw?.close();
  await p?.close();
  idp?.closeAllConnections();
  idp?.close();
  backend?.closeAllConnections();
  backend?.close();
});

describe("an external key manager by issuer URL, with oidc-provider as the peer", () => {
  let appId: string;
  let consumerKey: string;
  let consumerSecret: string;

  it("refuses an issuer the egress rules forbid, or one that is not a discovery host, changing nothing", async () => {
    const before = await p.db.keyManager.count();
    for (const bad of [
      "http://169.254.169.254/latest",
      "http://[::1]:1/",
      "ftp://idp.example/",
      "http://127.0.0.1:1",
    ]) {
      const res = await p.admin("POST", "/key-managers/by-issuer", "root", { name: "Bad", issuer: bad });
      expect(res.status).toBe(400);
      expect(res.body.details.fields[0].field).toBe("issuer");
    }
    expect(await p.db.keyManager.count()).toBe(before);
    // a developer cannot add one
    expect((await p.admin("POST", "/key-managers/by-issuer", "dana", { name: "Mine", issuer })).status).toBe(
      403,
    );
  });

  it("the admin adds it by issuer URL: discovery fills in the endpoints; its secrets are encrypted", async () => {
    const res = await p.admin("POST", "/key-managers/by-issuer", "root", {
      name: "Partner IdP",
      issuer,
      tokenValidation: "INTROSPECTION",
      clientId: introspector.id,
      clientSecret: introspector.secret,
      offersRegistration: true,
      registrationToken,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      type: "EXTERNAL",
      issuer,
      jwksUri: `${issuer}/jwks`,
      tokenEndpoint: `${issuer}/token`,
      introspectionEndpoint: `${issuer}/token/introspection`,
      registrationEndpoint: `${issuer}/reg`,
      tokenValidation: "INTROSPECTION",
      offersRegistration: true,
      hasClientSecret: true,
      hasRegistrationToken: true,
    });
    const stored = JSON.stringify(await p.db.keyManager.findMany());
    expect(stored).not.toContain(introspector.secret);
    expect(stored).not.toContain(registrationToken);
    const again = await p.admin("POST", "/key-managers/by-issuer", "root", { name: "Twice", issuer });
    expect(again.status).toBe(409);
  });

  it("a developer's application gets its client there by registration, and a token from it", async () => {
    await createApi(p, "/pizza");
    const listed = await p.devportal("GET", "/key-managers", "dana");
    expect(listed.body).toEqual([
      expect.objectContaining({
        name: "Partner IdP",
        offersRegistration: true,
        grantTypes: expect.arrayContaining(["client_credentials"]),
      }),
    ]);
    const app = await p.devportal("POST", "/applications", "dana", { name: "Dana shop" });
    appId = app.body.id;
    const keys = await p.devportal("POST", `/applications/${appId}/external-keys`, "dana", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      grantTypes: ["client_credentials"],
    });
    expect(keys.body).toMatchObject({ consumerKey: expect.any(String) });
    consumerKey = keys.body.consumerKey;
    consumerSecret = keys.body.consumerSecret;
    expect(consumerSecret).toEqual(expect.any(String));
    // the secret is the external key manager's: Portico keeps no trace of it
    expect(JSON.stringify(await p.db.oAuthClient.findMany({ include: { secrets: true } }))).not.toContain(
      consumerSecret,
    );
    // the client is real at oidc-provider
    expect((await idpToken(consumerKey, consumerSecret)).access_token).toEqual(expect.any(String));
  });

  it("subscribed, the call through the gateway succeeds; an API it is not subscribed to is 403", async () => {
    const apis = await p.devportal("GET", "/apis", "dana");
    const pizza = apis.body.find((a: { context: string }) => a.context === "/pizza");
    const otherId = await createApi(p, "/other");
    const sub = await p.devportal("POST", "/subscriptions", "dana", {
      applicationId: appId,
      apiId: pizza.id,
      tier: "Unlimited",
    });
    expect(sub.body).toMatchObject({ id: expect.any(String) });
    const token = await p.devportal(
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
      .poll(async () => (await gatewayCall("/pizza/1.0.0/menu", accessToken)).status, { timeout: 5000 })
      .toBe(200);
    expect((await gatewayCall("/pizza/1.0.0/menu", accessToken)).body).toContain("/menu");
    expect(otherId).toEqual(expect.any(String));
    const other = await gatewayCall("/other/1.0.0/menu", accessToken);
    expect(other.status).toBe(403);
    expect(other.body).toMatch(/subscri/i);
    // a wrong secret gets oidc-provider's refusal, not a token
    const wrong = await p.devportal(
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
    const eve = await p.devportal("POST", `/applications/${appId}/external-keys/PRODUCTION/tokens`, "eve", {
      consumerSecret,
    });
    expect(eve.status).toBe(404);
  });

  it("a token revoked at oidc-provider is refused once the introspection cache bound (60 s) has passed", async () => {
    const { access_token: token } = await idpToken(consumerKey, consumerSecret);
    expect((await gatewayCall("/pizza/1.0.0/menu", token)).status).toBe(200);
    const revoked = await fetch(`${issuer}/token/revocation`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: basic(consumerKey, consumerSecret),
      },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(revoked.status).toBe(200);
    skewMs = 61_000;
    const after = await gatewayCall("/pizza/1.0.0/menu", token);
    expect(after.status).toBe(401);
    skewMs = 0;
  });

  it("links an existing client proven by its client-credentials token; nobody can link a client id twice", async () => {
    const eveApp = (await p.devportal("POST", "/applications", "eve", { name: "Eve app" })).body.id as string;
    // eve holds a token of dana's client (leaked, say): the client id is dana's application's already
    const leaked = (await idpToken(consumerKey, consumerSecret)).access_token;
    const steal = await p.devportal("POST", `/applications/${eveApp}/external-keys/link`, "eve", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: consumerKey,
      accessToken: leaked,
    });
    expect(steal.body).toMatchObject({ code: "CONFLICT" });
    // a token of her own client does not prove another client id
    const own = await idpClient();
    const ownToken = (await idpToken(own.client_id, own.client_secret)).access_token;
    const mismatch = await p.devportal("POST", `/applications/${eveApp}/external-keys/link`, "eve", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: "someone-elses-client",
      accessToken: ownToken,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.details.fields[0].field).toBe("accessToken");
    // nor does a made-up token
    const forged = await p.devportal("POST", `/applications/${eveApp}/external-keys/link`, "eve", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: own.client_id,
      accessToken: "forged-token",
    });
    expect(forged.status).toBe(400);
    expect(await p.db.oAuthClient.count({ where: { applicationId: eveApp } })).toBe(0);
    // her own client, proven, links
    const linked = await p.devportal("POST", `/applications/${eveApp}/external-keys/link`, "eve", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: own.client_id,
      accessToken: ownToken,
    });
    expect(linked.status).toBe(201);
    // and dana cannot link it to hers afterwards
    const danaApp = (await p.devportal("POST", "/applications", "dana", { name: "Dana second" })).body
      .id as string;
    const late = await p.devportal("POST", `/applications/${danaApp}/external-keys/link`, "dana", {
      keyManager: "Partner IdP",
      keyType: "PRODUCTION",
      clientId: own.client_id,
      accessToken: (await idpToken(own.client_id, own.client_secret)).access_token,
    });
    expect(late.status).toBe(409);
    // two developers racing to link one client: exactly one wins
    const raced = await idpClient();
    const racedToken = (await idpToken(raced.client_id, raced.client_secret)).access_token;
    const eveSecond = (await p.devportal("POST", "/applications", "eve", { name: "Eve second" })).body
      .id as string;
    const danaThird = (await p.devportal("POST", "/applications", "dana", { name: "Dana race" })).body
      .id as string;
    const race = await Promise.all(
      [
        ["eve", eveSecond],
        ["dana", danaThird],
      ].map(([user, app]) =>
        p.devportal("POST", `/applications/${app}/external-keys/link`, user as string, {
          keyManager: "Partner IdP",
          keyType: "SANDBOX",
          clientId: raced.client_id,
          accessToken: racedToken,
        }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await p.db.oAuthClient.count({ where: { clientId: raced.client_id } })).toBe(1);
    // the gateway maps eve's token to eve's application, which has no subscription: 403
    await expect
      .poll(async () => (await gatewayCall("/pizza/1.0.0/menu", ownToken)).status, { timeout: 5000 })
      .toBe(403);
  });

  it("grant types switched off for this key manager cannot be registered or used", async () => {
    const off = await p.admin("PUT", `/grant-types/client_credentials`, "root", {
      enabled: false,
      keyManager: "Partner IdP",
    });
    expect(off.status).toBe(200);
    const app = (await p.devportal("POST", "/applications", "dana", { name: "Dana third" })).body
      .id as string;
    const refused = await p.devportal("POST", `/applications/${app}/external-keys`, "dana", {
      keyManager: "Partner IdP",
      keyType: "SANDBOX",
      grantTypes: ["client_credentials"],
    });
    expect(refused.body).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(refused.body.details.fields[0].field).toBe("grantTypes");
    const token = await p.devportal(
      "POST",
      `/applications/${appId}/external-keys/PRODUCTION/tokens`,
      "dana",
      { consumerSecret },
    );
    expect(token.status).toBe(400);
    await p.admin("PUT", `/grant-types/client_credentials`, "root", {
      enabled: true,
      keyManager: "Partner IdP",
    });
  });
});
