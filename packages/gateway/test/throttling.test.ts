import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createWorld, eventually, startChildGateway, type World } from "./fixtures";

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => world.close());

// A frozen clock 10 s into a window: counts never straddle a window boundary.
const WINDOW_START = Math.floor(Date.now() / 3_600_000) * 3_600_000;
const NOW = WINDOW_START + 10_000;

async function statuses(urls: string[], token: string): Promise<number[]> {
  return Promise.all(urls.map(async (u) => (await call(u, { headers: bearer(token) })).status));
}

describe("throttling in one gateway", () => {
  it("limits a subscription to its tier and answers 429 with Retry-After and RateLimit headers", async () => {
    const tier = await world.tier("Three", 3, 60);
    const { id: apiId } = await world.createApi({
      context: "/tiered",
      resources: [{ method: "GET", path: "/x" }],
    });
    const app = await world.createApplication("tiered-app");
    await world.subscribe(app.id, apiId, tier);
    let now = NOW;
    const gw = await world.start({ clock: () => now });
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    const url = `${gw.httpUrl}/tiered/1.0.0/x`;
    const first = await call(url, { headers: bearer(token) });
    expect(first.status).toBe(200);
    expect(first.headers["ratelimit-limit"]).toBe("3");
    expect(first.headers["ratelimit-remaining"]).toBe("2");
    expect(first.headers["ratelimit-reset"]).toBe("50");
    expect((await call(url, { headers: bearer(token) })).headers["ratelimit-remaining"]).toBe("1");
    expect((await call(url, { headers: bearer(token) })).status).toBe(200);
    world.upstream.seen.length = 0;
    const refused = await call(url, { headers: bearer(token) });
    expect(refused.status).toBe(429);
    expect(refused.json().code).toBe("throttled");
    expect(refused.json().description).toContain("subscription");
    expect(refused.headers["retry-after"]).toBe("50");
    expect(refused.headers["ratelimit-remaining"]).toBe("0");
    expect(world.upstream.seen).toHaveLength(0);
    // the next window opens the door again
    now = WINDOW_START + 60_000;
    expect((await call(url, { headers: bearer(token) })).status).toBe(200);
    await gw.close();
  });

  it("limits an application across all its subscriptions, and an API across all callers", async () => {
    const appTier = await world.tier("AppTwo", 2, 60, "APPLICATION");
    const apiTier = await world.tier("ApiFour", 4, 60, "API");
    const a = await world.createApi({ context: "/app-a", resources: [{ method: "GET", path: "/x" }] });
    const b = await world.createApi({ context: "/app-b", resources: [{ method: "GET", path: "/x" }] });
    const shared = await world.createApi({
      context: "/shared",
      throttlingTierId: apiTier,
      resources: [{ method: "GET", path: "/x" }],
    });
    const limitedApp = await world.createApplication("limited-app", appTier);
    await world.subscribe(limitedApp.id, a.id);
    await world.subscribe(limitedApp.id, b.id);
    const apps = await Promise.all([1, 2, 3].map((i) => world.createApplication(`caller-${i}`)));
    for (const app of apps) await world.subscribe(app.id, shared.id);
    const gw = await world.start({ clock: () => NOW });
    const limitedToken = (await world.mintJwt({ clientId: limitedApp.productionClientId })).token;
    expect(
      await statuses([`${gw.httpUrl}/app-a/1.0.0/x`, `${gw.httpUrl}/app-b/1.0.0/x`], limitedToken),
    ).toEqual([200, 200]);
    const third = await call(`${gw.httpUrl}/app-a/1.0.0/x`, { headers: bearer(limitedToken) });
    expect(third.status).toBe(429);
    expect(third.json().description).toContain("application");

    const tokens = await Promise.all(
      apps.map(async (app) => (await world.mintJwt({ clientId: app.productionClientId })).token),
    );
    const results: number[] = [];
    for (const token of [...tokens, ...tokens])
      results.push((await call(`${gw.httpUrl}/shared/1.0.0/x`, { headers: bearer(token) })).status);
    expect(results.filter((s) => s === 200)).toHaveLength(4);
    expect(results.slice(4)).toEqual([429, 429]);
    await gw.close();
  });

  it("limits a resource, open resources included", async () => {
    const resTier = await world.tier("ResTwo", 2, 60, "API");
    await world.createApi({
      context: "/res",
      resources: [
        { method: "GET", path: "/limited", authRequired: false, throttlingTierId: resTier },
        { method: "GET", path: "/free", authRequired: false },
      ],
    });
    const gw = await world.start({ clock: () => NOW });
    const limited = [];
    for (let i = 0; i < 3; i++) limited.push((await call(`${gw.httpUrl}/res/1.0.0/limited`)).status);
    expect(limited).toEqual([200, 200, 429]);
    expect((await call(`${gw.httpUrl}/res/1.0.0/free`)).status).toBe(200);
    await gw.close();
  });
});

describe("tier changes", () => {
  it("applies a changed tier within 2 seconds, without a restart", async () => {
    const tier = await world.tier("Changing", 1, 60);
    const { id: apiId } = await world.createApi({
      context: "/changing",
      resources: [{ method: "GET", path: "/x" }],
    });
    const app = await world.createApplication("changing-app");
    await world.subscribe(app.id, apiId, tier);
    const gw = await world.start({ clock: () => NOW });
    try {
      const { token } = await world.mintJwt({ clientId: app.productionClientId });
      const url = `${gw.httpUrl}/changing/1.0.0/x`;
      expect((await call(url, { headers: bearer(token) })).status).toBe(200);
      expect((await call(url, { headers: bearer(token) })).status).toBe(429);
      await world.db.throttlingTier.update({ where: { id: tier }, data: { requestCount: 5 } });
      await world.change("tier", tier);
      await eventually(async () =>
        expect((await call(url, { headers: bearer(token) })).headers["ratelimit-limit"]).toBe("5"),
      );
    } finally {
      await gw.close();
    }
  });
});

describe("burst control", () => {
  it("refuses more than the tier's burst within one second, within its quota", async () => {
    const tier = await world.tier("Spiky", 100, 60, "SUBSCRIPTION", 2);
    const { id: apiId } = await world.createApi({
      context: "/spiky",
      resources: [{ method: "GET", path: "/x" }],
    });
    const app = await world.createApplication("spiky-app");
    await world.subscribe(app.id, apiId, tier);
    let now = NOW + 500;
    const gw = await world.start({ clock: () => now });
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    const url = `${gw.httpUrl}/spiky/1.0.0/x`;
    const first = await call(url, { headers: bearer(token) });
    expect(first.headers["ratelimit-limit"]).toBe("100");
    expect((await call(url, { headers: bearer(token) })).status).toBe(200);
    const spike = await call(url, { headers: bearer(token) });
    expect(spike.status).toBe(429);
    expect(spike.json().description).toContain("per second");
    expect(spike.headers["retry-after"]).toBe("1");
    now += 1_000;
    expect((await call(url, { headers: bearer(token) })).status).toBe(200);
    await gw.close();
  });
});

describe("throttling across gateway processes sharing Redis", () => {
  it("is exact: two processes together allow exactly the tier's count", async () => {
    const tier = await world.tier("Ten", 10, 3600);
    const { id: apiId } = await world.createApi({
      context: "/replicated",
      resources: [{ method: "GET", path: "/x" }],
    });
    const app = await world.createApplication("replicated-app");
    await world.subscribe(app.id, apiId, tier);
    const prefix = `portico-test:${randomUUID()}:`;
    const redisUrl = "redis://127.0.0.1:6379";
    const local = await world.start({ redisUrl, redisKeyPrefix: prefix, clock: () => NOW });
    const child = await startChildGateway(world, {
      env: { REDIS_URL: redisUrl },
      redisKeyPrefix: prefix,
      frozenNow: NOW,
    });
    try {
      const { token } = await world.mintJwt({ clientId: app.productionClientId });
      const urls = Array.from(
        { length: 30 },
        (_, i) => `${i % 2 === 0 ? local.httpUrl : child.httpUrl}/replicated/1.0.0/x`,
      );
      const results = await statuses(urls, token);
      expect(results.filter((s) => s === 200)).toHaveLength(10);
      expect(results.filter((s) => s === 429)).toHaveLength(20);
    } finally {
      await child.stop();
      await local.close();
    }
  });
});

describe("when the counter store is down", () => {
  it("starts, counts in its own memory rather than failing (the tier still holds), and still follows changes by polling", async () => {
    const tier = await world.tier("One", 1, 60);
    const { id: apiId } = await world.createApi({
      context: "/redis-down",
      resources: [{ method: "GET", path: "/x" }],
    });
    const app = await world.createApplication("redis-down-app");
    await world.subscribe(app.id, apiId, tier);
    const gw = await world.start({ redisUrl: "redis://127.0.0.1:1", clock: () => NOW });
    try {
      const { token, jti } = await world.mintJwt({ clientId: app.productionClientId });
      const url = `${gw.httpUrl}/redis-down/1.0.0/x`;
      expect(await statuses([url, url, url], token)).toEqual([200, 429, 429]);
      await world.revoke(jti);
      await eventually(async () => expect((await call(url, { headers: bearer(token) })).status).toBe(401));
    } finally {
      await gw.close();
    }
  });
});
