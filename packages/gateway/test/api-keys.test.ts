// API keys at the gateway: in the header the publisher named, in the query only where allowed,
// never forwarded; they carry the application's subscription but no OAuth scopes.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, eventually, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let app: Awaited<ReturnType<World["createApplication"]>>;
let stranger: Awaited<ReturnType<World["createApplication"]>>;
let base: string;

async function issueKey(
  applicationId: string,
  data: { expiresAt?: Date; allowedIps?: string[]; allowedReferrers?: string[] } = {},
) {
  const key = randomBytes(32).toString("base64url");
  const row = await world.db.apiKey.create({
    data: {
      applicationId,
      name: `k-${randomBytes(4).toString("hex")}`,
      keyHash: createHash("sha256").update(key).digest("hex"),
      hint: key.slice(-4),
      ...data,
    },
  });
  return { key, id: row.id };
}

beforeAll(async () => {
  world = await createWorld();
  const keyed = await world.createApi({
    context: "/keyed",
    resources: [
      { method: "GET", path: "/items" },
      { method: "GET", path: "/scoped", scopes: ["items:admin"] },
      { method: "GET", path: "/oauth-only" },
    ],
  });
  await world.db.api.update({
    where: { id: keyed.id },
    data: {
      securitySchemes: {
        apiKey: {
          enabled: true,
          header: "x-api-key",
          queryParameter: "key",
          resources: ["GET /items", "GET /scoped"],
        },
      },
    },
  });
  const noKeys = await world.createApi({
    context: "/nokeys",
    resources: [{ method: "GET", path: "/items" }],
  });
  const headerOnly = await world.createApi({
    context: "/header",
    resources: [{ method: "GET", path: "/items" }],
  });
  await world.db.api.update({
    where: { id: headerOnly.id },
    data: { securitySchemes: { apiKey: { enabled: true } } },
  });
  app = await world.createApplication("keyholder");
  stranger = await world.createApplication("stranger");
  for (const api of [keyed, noKeys, headerOnly]) await world.subscribe(app.id, api.id);
  gw = await world.start();
  base = gw.httpUrl;
});

afterAll(async () => world.close());

describe("API keys", () => {
  it("accepts a key in the named header and keeps it from the backend", async () => {
    const { key } = await issueKey(app.id);
    world.upstream.seen.length = 0;
    const r = await call(`${base}/keyed/1.0.0/items`, { headers: { "x-api-key": key } });
    expect(r.status).toBe(200);
    expect(world.upstream.seen[0]?.headers["x-api-key"]).toBeUndefined();
  });

  it("accepts the query parameter only where the API allows it, and strips it", async () => {
    const { key } = await issueKey(app.id);
    world.upstream.seen.length = 0;
    const r = await call(`${base}/keyed/1.0.0/items?key=${key}&page=2`);
    expect(r.status).toBe(200);
    expect(world.upstream.seen[0]?.url).toBe("/items?page=2");
    const refused = await call(`${base}/header/1.0.0/items?apikey=${key}`);
    expect(refused.status).toBe(401);
    expect(refused.json().code).toBe("missing_token");
    expect((await call(`${base}/header/1.0.0/items`, { headers: { apikey: key } })).status).toBe(200);
  });

  it("refuses a key on an API, or a resource, that does not accept keys, without reaching the backend", async () => {
    const { key } = await issueKey(app.id);
    world.upstream.seen.length = 0;
    const api = await call(`${base}/nokeys/1.0.0/items`, { headers: { apikey: key } });
    expect(api.status).toBe(401);
    expect(api.json().code).toBe("invalid_api_key");
    expect(api.headers["www-authenticate"]).toBeTruthy();
    const resource = await call(`${base}/keyed/1.0.0/oauth-only`, { headers: { "x-api-key": key } });
    expect(resource.status).toBe(401);
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("refuses expired, revoked, unknown and misplaced keys", async () => {
    const expired = await issueKey(app.id, { expiresAt: new Date(Date.now() - 1000) });
    const r = await call(`${base}/keyed/1.0.0/items`, { headers: { "x-api-key": expired.key } });
    expect(r.status).toBe(401);
    expect(r.json()).toMatchObject({ code: "invalid_api_key", description: "the API key has expired" });

    const revoked = await issueKey(app.id);
    expect((await call(`${base}/keyed/1.0.0/items`, { headers: { "x-api-key": revoked.key } })).status).toBe(
      200,
    );
    await world.db.apiKey.update({ where: { id: revoked.id }, data: { revokedAt: new Date() } });
    await world.change("token.revoked", `apikey:${revoked.id}`);
    // the revocation arrives as a change event: once it has, the key no longer reaches the backend
    await eventually(async () => {
      const again = await call(`${base}/keyed/1.0.0/items`, { headers: { "x-api-key": revoked.key } });
      expect(again.status).toBe(401);
      expect(again.json().description).toBe("the API key has been revoked");
    });
    world.upstream.seen.length = 0;
    const afterRevocation = await call(`${base}/keyed/1.0.0/items`, {
      headers: { "x-api-key": revoked.key },
    });
    expect(afterRevocation.status).toBe(401);
    expect(world.upstream.seen).toHaveLength(0);

    const unknown = await call(`${base}/keyed/1.0.0/items`, {
      headers: { "x-api-key": randomBytes(32).toString("base64url") },
    });
    expect(unknown.json().code).toBe("invalid_api_key");

    const ipBound = await issueKey(app.id, { allowedIps: ["203.0.113.0/24"] });
    const fromHere = await call(`${base}/keyed/1.0.0/items`, { headers: { "x-api-key": ipBound.key } });
    expect(fromHere.status).toBe(403);
    const local = await issueKey(app.id, { allowedIps: ["127.0.0.0/8"] });
    expect((await call(`${base}/keyed/1.0.0/items`, { headers: { "x-api-key": local.key } })).status).toBe(
      200,
    );

    const referred = await issueKey(app.id, { allowedReferrers: ["https://shop.example.test/*"] });
    const headers = (referer?: string) => ({ "x-api-key": referred.key, ...(referer ? { referer } : {}) });
    expect((await call(`${base}/keyed/1.0.0/items`, { headers: headers() })).status).toBe(403);
    expect(
      (
        await call(`${base}/keyed/1.0.0/items`, {
          headers: headers("https://evil.example.test/shop.example.test/"),
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(`${base}/keyed/1.0.0/items`, { headers: headers("https://shop.example.test/cart") }))
        .status,
    ).toBe(200);
  });

  it("carries the subscription but no scopes", async () => {
    const { key } = await issueKey(app.id);
    const scoped = await call(`${base}/keyed/1.0.0/scoped`, { headers: { "x-api-key": key } });
    expect(scoped.status).toBe(403);
    expect(scoped.json().code).toBe("insufficient_scope");
    const other = await issueKey(stranger.id);
    const unsubscribed = await call(`${base}/keyed/1.0.0/items`, { headers: { "x-api-key": other.key } });
    expect(unsubscribed.status).toBe(403);
    expect(unsubscribed.json().code).toBe("not_subscribed");
  });

  it("still takes OAuth tokens where keys are accepted", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    expect((await call(`${base}/keyed/1.0.0/items`, { headers: bearer(token) })).status).toBe(200);
  });
});
