import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encryptSecret } from "@portico/crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, eventually, type World } from "./fixtures";

const EXTERNAL_ISSUER = "https://idp.partner.example";
const INTROSPECTING_ISSUER = "https://as.partner.example";

let world: World;
let gw: RunningGateway;
let idp: Server;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
const introspections: { authorization?: string; body: string }[] = [];
const activeTokens = new Map<string, Record<string, unknown>>();

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  world = await createWorld();
  keys = await generateKeyPair("RS256", { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "partner-1", alg: "RS256", use: "sig" };
  // A real external authorization server: a JWKS and an RFC 7662 introspection endpoint.
  idp = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      if (req.url === "/jwks") {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ keys: [jwk] }));
      }
      if (req.url === "/introspect" && req.method === "POST") {
        introspections.push({
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          body,
        });
        const token = new URLSearchParams(body).get("token") ?? "";
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify(activeTokens.get(token) ?? { active: false }));
      }
      res.writeHead(404).end();
    });
  });
  const base = await listen(idp);
  const jwksKm = await world.db.keyManager.create({
    data: {
      name: "Partner IdP",
      type: "EXTERNAL",
      issuer: EXTERNAL_ISSUER,
      jwksUri: `${base}/jwks`,
      claimMappings: { roles: "groups" },
    },
  });
  const introspectingKm = await world.db.keyManager.create({
    data: {
      name: "Partner AS",
      type: "EXTERNAL",
      issuer: INTROSPECTING_ISSUER,
      introspectionEndpoint: `${base}/introspect`,
      clientId: "portico-gw",
    },
  });
  await world.db.keyManager.update({
    where: { id: introspectingKm.id },
    data: {
      clientSecretEnc: encryptSecret(world.keyring, "s3cret-value", `key-manager:${introspectingKm.id}`),
    },
  });

  const { id: apiId } = await world.createApi({
    context: "/partner",
    resources: [{ method: "GET", path: "/data", scopes: ["partner:read"] }],
  });
  const { id: residentOnlyId } = await world.createApi({
    context: "/internal",
    resources: [{ method: "GET", path: "/data" }],
  });
  await world.db.apiKeyManager.create({ data: { apiId, keyManagerId: jwksKm.id } });
  await world.db.apiKeyManager.create({ data: { apiId, keyManagerId: introspectingKm.id } });
  const app = await world.db.application.create({ data: { name: "partner-app", ownerId: world.ownerId } });
  await world.db.oAuthClient.create({
    data: { clientId: "partner-client", name: "partner", applicationId: app.id, keyManagerId: jwksKm.id },
  });
  await world.db.oAuthClient.create({
    data: {
      clientId: "as-client",
      name: "as",
      applicationId: app.id,
      keyManagerId: introspectingKm.id,
      keyType: "PRODUCTION",
    },
  });
  await world.subscribe(app.id, apiId);
  await world.subscribe(app.id, residentOnlyId);
  gw = await world.start();
});

afterAll(async () => {
  idp.closeAllConnections();
  idp.close();
  await world.close();
});

function partnerToken(claims: Record<string, unknown>, issuer = EXTERNAL_ISSUER) {
  return new SignJWT({
    client_id: "partner-client",
    scope: "partner:read",
    sub: "bob@partner",
    groups: ["ops"],
    ...claims,
  })
    .setProtectedHeader({ alg: "RS256", kid: "partner-1" })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime("10m")
    .setJti(crypto.randomUUID())
    .sign(keys.privateKey);
}

describe("tokens of external key managers", () => {
  it("verifies a JWT by the JWKS of the key manager whose issuer it names", async () => {
    const r = await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer(await partnerToken({})) });
    expect(r.status).toBe(200);
  });

  it("enforces scopes on external tokens too", async () => {
    const r = await call(`${gw.httpUrl}/partner/1.0.0/data`, {
      headers: bearer(await partnerToken({ scope: "other" })),
    });
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("insufficient_scope");
  });

  it("refuses an external token at an API that does not accept that key manager", async () => {
    const r = await call(`${gw.httpUrl}/internal/1.0.0/data`, { headers: bearer(await partnerToken({})) });
    expect(r.status).toBe(401);
    expect(r.json().code).toBe("invalid_token");
  });

  it("regression: a cached external token is still refused at an API that does not accept its key manager", async () => {
    const token = await partnerToken({});
    expect((await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer(token) })).status).toBe(200);
    const r = await call(`${gw.httpUrl}/internal/1.0.0/data`, { headers: bearer(token) });
    expect(r.status).toBe(401);
    expect(r.json().code).toBe("invalid_token");
    activeTokens.set("cached-opaque", {
      active: true,
      client_id: "as-client",
      scope: "partner:read",
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    expect(
      (await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer("cached-opaque") })).status,
    ).toBe(200);
    expect(
      (await call(`${gw.httpUrl}/internal/1.0.0/data`, { headers: bearer("cached-opaque") })).status,
    ).toBe(401);
  });

  it("refuses resident tokens at an API whose key managers do not include the resident one", async () => {
    const app = await world.createApplication("resident-app");
    const partner = await world.db.api.findFirstOrThrow({ where: { context: "/partner" } });
    await world.subscribe(app.id, partner.id);
    await world.change("subscription");
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "partner:read" });
    await eventually(async () =>
      expect((await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer(token) })).json().code).toBe(
        "invalid_token",
      ),
    );
    await world.db.apiKeyManager.create({
      data: { apiId: partner.id, keyManagerId: world.residentKeyManagerId },
    });
    await world.change("api", partner.id);
    await eventually(async () =>
      expect((await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer(token) })).status).toBe(200),
    );
  });

  it("chooses by exact issuer: a look-alike issuer is not trusted", async () => {
    const r = await call(`${gw.httpUrl}/partner/1.0.0/data`, {
      headers: bearer(await partnerToken({}, `${EXTERNAL_ISSUER}/`)),
    });
    expect(r.status).toBe(401);
  });

  it("refuses an external JWT signed by another key", async () => {
    const other = await generateKeyPair("RS256");
    const forged = await new SignJWT({ client_id: "partner-client", scope: "partner:read" })
      .setProtectedHeader({ alg: "RS256", kid: "partner-1" })
      .setIssuer(EXTERNAL_ISSUER)
      .setExpirationTime("10m")
      .sign(other.privateKey);
    expect((await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer(forged) })).status).toBe(401);
  });

  it("introspects opaque tokens at the external key manager, authenticating with its stored client secret", async () => {
    activeTokens.set("partner-opaque-token", {
      active: true,
      client_id: "as-client",
      scope: "partner:read",
      sub: "carol",
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const r = await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer("partner-opaque-token") });
    expect(r.status).toBe(200);
    const last = introspections.at(-1);
    expect(last?.authorization).toBe(`Basic ${Buffer.from("portico-gw:s3cret-value").toString("base64")}`);
    expect(new URLSearchParams(last?.body).get("token")).toBe("partner-opaque-token");
    expect(
      (await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer("inactive-token") })).status,
    ).toBe(401);
  });
  it("introspects even a well-signed JWT when the admin chose introspection for its key manager, so a revocation there counts", async () => {
    const km = await world.db.keyManager.findUniqueOrThrow({ where: { name: "Partner IdP" } });
    const base = new URL(km.jwksUri ?? "").origin;
    await world.db.keyManager.update({
      where: { id: km.id },
      data: {
        tokenValidation: "INTROSPECTION",
        introspectionEndpoint: `${base}/introspect`,
        clientId: "portico-gw",
        clientSecretEnc: encryptSecret(world.keyring, "s3cret-value", `key-manager:${km.id}`),
      },
    });
    await world.change("key-manager", km.id);
    // signed by the published key, but the key manager does not say it is active (a fresh token
    // per try: one verified by its JWKS before the change would be served from the cache)
    let revoked = "";
    await eventually(async () => {
      revoked = await partnerToken({});
      expect((await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer(revoked) })).status).toBe(401);
    });
    expect(new URLSearchParams(introspections.at(-1)?.body).get("token")).toBe(revoked);
    const active = await partnerToken({});
    activeTokens.set(active, {
      active: true,
      client_id: "partner-client",
      scope: "partner:read",
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    expect((await call(`${gw.httpUrl}/partner/1.0.0/data`, { headers: bearer(active) })).status).toBe(200);
    await world.db.keyManager.update({ where: { id: km.id }, data: { tokenValidation: "JWKS" } });
    await world.change("key-manager", km.id);
  });
});
