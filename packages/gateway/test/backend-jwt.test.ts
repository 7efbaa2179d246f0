import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, GATEWAY_URL, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let app: Awaited<ReturnType<World["createApplication"]>>;
let now = Date.now();

beforeAll(async () => {
  world = await createWorld();
  const appTier = await world.tier("Gold", 1000, 60, "APPLICATION");
  const subTier = await world.tier("Silver", 1000, 60);
  const { id } = await world.createApi({
    name: "Pizza",
    context: "/pizza",
    version: "2.1.0",
    backendJwt: { enabled: true, expirySeconds: 120, claims: { email: "email", department: "dept" } },
    resources: [
      { method: "GET", path: "/menu" },
      { method: "GET", path: "/open", authRequired: false },
    ],
  });
  const { id: customId } = await world.createApi({
    context: "/custom",
    backendJwt: { enabled: true, header: "X-Caller-JWT" },
    resources: [{ method: "GET", path: "/x" }],
  });
  const { id: plainId } = await world.createApi({
    context: "/plain",
    resources: [{ method: "GET", path: "/x" }],
  });
  app = await world.createApplication("pizza-shop", appTier);
  await world.subscribe(app.id, id, subTier);
  await world.subscribe(app.id, customId);
  await world.subscribe(app.id, plainId);
  gw = await world.start({ clock: () => now });
});

afterAll(async () => world.close());

async function backendClaims(url: string, token: string, header = "x-jwt-assertion") {
  world.upstream.seen.length = 0;
  const r = await call(url, { headers: bearer(token) });
  expect(r.status).toBe(200);
  const jwt = world.upstream.seen[0]?.headers[header];
  expect(typeof jwt).toBe("string");
  const jwks = (await call(`${gw.httpUrl}/.well-known/jwks.json`)).json();
  const { payload } = await jwtVerify(jwt as string, createLocalJWKSet(jwks), {
    issuer: GATEWAY_URL,
    currentDate: new Date(now),
  });
  return { jwt: jwt as string, payload };
}

describe("backend JWT", () => {
  it("sends the backend a signed JWT with the caller's identity, verifiable with the published keys", async () => {
    const { token, jti } = await world.mintJwt({
      clientId: app.productionClientId,
      sub: "user-42",
      username: "alice",
      roles: ["developer", "buyer"],
      scope: "pizza:read",
      claims: { email: "alice@example.com", dept: "sales" },
      now,
    });
    const { jwt, payload } = await backendClaims(`${gw.httpUrl}/pizza/2.1.0/menu`, token);
    const header = decodeProtectedHeader(jwt);
    expect(header.alg).toBe("ES256");
    expect(typeof header.kid).toBe("string");
    const nowSeconds = Math.floor(now / 1000);
    expect(payload).toEqual({
      iss: GATEWAY_URL,
      aud: `${GATEWAY_URL}/pizza/2.1.0`,
      iat: nowSeconds,
      exp: nowSeconds + 120,
      jti: expect.any(String),
      sub: "alice",
      enduser: "alice",
      roles: ["developer", "buyer"],
      client_id: app.productionClientId,
      key_type: "PRODUCTION",
      scope: "pizza:read",
      application_id: app.id,
      application_name: "pizza-shop",
      application_tier: "Gold",
      subscription_tier: "Silver",
      subscriber: world.ownerName,
      api_name: "Pizza",
      api_context: "/pizza",
      api_version: "2.1.0",
      email: "alice@example.com",
      department: "sales",
    });
    expect(payload.jti).not.toBe(jti);
  });

  it("uses the application as the subject of client-credentials tokens, whatever the token format", async () => {
    const jwtToken = (await world.mintJwt({ clientId: app.productionClientId, scope: "a b", now })).token;
    const opaqueToken = (await world.mintOpaque({ clientId: app.productionClientId, scope: "a b", now }))
      .token;
    const fromJwt = (await backendClaims(`${gw.httpUrl}/pizza/2.1.0/menu`, jwtToken)).payload;
    const fromOpaque = (await backendClaims(`${gw.httpUrl}/pizza/2.1.0/menu`, opaqueToken)).payload;
    const strip = ({ jti: _j, ...rest }: Record<string, unknown>) => rest;
    expect(strip(fromJwt)).toEqual(strip(fromOpaque));
    expect(fromJwt.sub).toBe(app.id);
    expect(fromJwt.roles).toBeUndefined();
  });

  it("caches the backend JWT per token and API until it nears expiry", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "x", now });
    const first = await backendClaims(`${gw.httpUrl}/pizza/2.1.0/menu`, token);
    const again = await backendClaims(`${gw.httpUrl}/pizza/2.1.0/menu`, token);
    expect(again.jwt).toBe(first.jwt);
    const otherApi = await backendClaims(`${gw.httpUrl}/custom/1.0.0/x`, token, "x-caller-jwt");
    expect(otherApi.jwt).not.toBe(first.jwt);
    now += 100_000; // past 80% of the 120 s lifetime
    const renewed = await backendClaims(`${gw.httpUrl}/pizza/2.1.0/menu`, token);
    expect(renewed.jwt).not.toBe(first.jwt);
    expect(renewed.payload.iat).toBe(Math.floor(now / 1000));
  });

  it("sends it in the configured header and strips a forged one from callers", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId, now });
    world.upstream.seen.length = 0;
    await call(`${gw.httpUrl}/custom/1.0.0/x`, {
      headers: { ...bearer(token), "x-caller-jwt": "forged", "x-jwt-assertion": "forged" },
    });
    const seen = world.upstream.seen[0]?.headers;
    expect(seen?.["x-caller-jwt"]).not.toBe("forged");
    expect(typeof seen?.["x-caller-jwt"]).toBe("string");
    expect(seen?.["x-jwt-assertion"]).toBeUndefined();
    world.upstream.seen.length = 0;
    await call(`${gw.httpUrl}/plain/1.0.0/x`, { headers: { ...bearer(token), "x-jwt-assertion": "forged" } });
    expect(world.upstream.seen[0]?.headers["x-jwt-assertion"]).toBeUndefined();
  });

  it("publishes the signing key with its kid, public part only, and keeps it across restarts", async () => {
    const jwks = (await call(`${gw.httpUrl}/.well-known/jwks.json`)).json();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kty: "EC",
      crv: "P-256",
      alg: "ES256",
      use: "sig",
      kid: expect.any(String),
    });
    expect(jwks.keys[0].d).toBeUndefined();
    const row = await world.db.signingKey.findFirstOrThrow({ where: { use: "BACKEND_JWT" } });
    expect(row.privateKeyEnc.startsWith("pe1.")).toBe(true);
    expect(row.privateKeyEnc).not.toContain("PRIVATE KEY");
    const second = await world.start();
    expect((await call(`${second.httpUrl}/.well-known/jwks.json`)).json()).toEqual(jwks);
    await second.close();
  });
});
