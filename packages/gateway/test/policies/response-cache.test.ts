import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { bearer, call, createWorld, eventually, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;
let now = Date.parse("2026-12-02T10:00:00Z");
let served = 0;
let apiId: string;
let alice: { id: string; productionClientId: string };
let bob: { id: string; productionClientId: string };

/** The backend answers with a fresh number each time, and whatever headers the path asks for. */
function backend(world: World) {
  world.upstream.respond = (seen, res) => {
    served++;
    const url = new URL(seen.url, "http://backend");
    const headers: Record<string, string> = { "content-type": "application/json" };
    const cc = url.searchParams.get("cc");
    if (cc) headers["cache-control"] = cc;
    if (url.searchParams.has("cookie")) headers["set-cookie"] = "session=1";
    const who = seen.headers["x-jwt-assertion"] ? "someone" : "anyone";
    const size = Number(url.searchParams.get("size") ?? 0);
    const body = JSON.stringify({
      n: served,
      who,
      auth: seen.headers.authorization ?? null,
      pad: "x".repeat(size),
    });
    res.writeHead(url.searchParams.has("fail") ? 500 : 200, headers);
    res.end(body);
  };
}

beforeAll(async () => {
  world = await createWorld();
  backend(world);
  await world.createApi({
    context: "/cached",
    gatewayPolicies: [
      {
        policy: "response-cache",
        config: {
          ttlSeconds: 30,
          varyHeaders: ["Accept-Language"],
          maxEntryBytes: 4096,
          maxTotalBytes: 16384,
        },
      },
    ],
    resources: [
      { method: "GET", path: "/menu", authRequired: false },
      { method: "POST", path: "/menu", authRequired: false },
      { method: "GET", path: "/mine", authRequired: true },
    ],
  });
  ({ id: apiId } = await world.createApi({
    context: "/per-app",
    gatewayPolicies: [{ policy: "response-cache", config: { cacheAuthenticated: true } }],
    resources: [{ method: "GET", path: "/profile", authRequired: true }],
  }));
  alice = await world.createApplication("alice-app");
  bob = await world.createApplication("bob-app");
  await world.subscribe(alice.id, apiId);
  await world.subscribe(bob.id, apiId);
  const cachedApi = await world.db.api.findFirstOrThrow({ where: { context: "/cached" } });
  await world.subscribe(alice.id, cachedApi.id);
  gw = await world.start({ clock: () => now });
});

afterAll(() => world.close());

const get = (path: string, headers: Record<string, string> = {}) =>
  call(`${gw.httpUrl}/cached/1.0.0${path}`, { headers });

describe("response-cache policy at the gateway", () => {
  it("answers a repeated GET from the cache with X-Cache: HIT and Age, without calling the backend", async () => {
    const first = await get("/menu?a=1");
    expect(first.status).toBe(200);
    expect(first.headers["x-cache"]).toBe("MISS");
    const before = served;
    now += 7_000;
    const second = await get("/menu?a=1");
    expect(second.status).toBe(200);
    expect(second.headers["x-cache"]).toBe("HIT");
    expect(second.headers.age).toBe("7");
    expect(second.json().n).toBe(first.json().n);
    expect(served).toBe(before);
    // the gateway's own headers are its own per call, not stored ones
    expect(second.headers["x-request-id"]).not.toBe(first.headers["x-request-id"]);
  });

  it("keys on the query and the chosen headers, and expires after the TTL", async () => {
    const a = await get("/menu?a=2");
    expect((await get("/menu?a=3")).json().n).not.toBe(a.json().n);
    const fr = await get("/menu?a=2", { "accept-language": "fr" });
    expect(fr.json().n).not.toBe(a.json().n);
    expect((await get("/menu?a=2", { "accept-language": "fr" })).json().n).toBe(fr.json().n);
    now += 31_000;
    const later = await get("/menu?a=2");
    expect(later.headers["x-cache"]).toBe("MISS");
    expect(later.json().n).not.toBe(a.json().n);
  });

  it("never stores what the backend marks no-store or private, sets a cookie on, or fails with", async () => {
    for (const q of ["cc=no-store", "cc=private,%20max-age=60", "cookie=1", "fail=1"]) {
      const first = await get(`/menu?${q}`);
      const second = await get(`/menu?${q}`);
      expect(second.headers["x-cache"], q).toBe("MISS");
      expect(second.json().n, q).toBe(first.json().n + 1);
    }
  });

  it("honours a shorter max-age from the backend", async () => {
    const first = await get("/menu?cc=max-age=5");
    now += 2_000;
    expect((await get("/menu?cc=max-age=5")).headers["x-cache"]).toBe("HIT");
    now += 4_000;
    expect((await get("/menu?cc=max-age=5")).json().n).not.toBe(first.json().n);
  });

  it("passes answers over the entry cap on, whole and unstored", async () => {
    const big = await get("/menu?size=10000");
    expect(big.json().pad).toHaveLength(10_000);
    const again = await get("/menu?size=10000");
    expect(again.headers["x-cache"]).toBe("MISS");
    expect(again.json().n).toBe(big.json().n + 1);
  });

  it("stays within its total cap however many distinct calls come (least recently used go first)", async () => {
    const hot = await get("/menu?hot=1");
    for (let i = 0; i < 40; i++) {
      await get(`/menu?flood=${i}&size=1000`);
      if (i % 5 === 0) expect((await get("/menu?hot=1")).json().n).toBe(hot.json().n);
    }
    // the earliest flood entries were evicted: 40 x ~1.1 KB does not fit in 16 KB
    expect((await get("/menu?flood=0&size=1000")).headers["x-cache"]).toBe("MISS");
    expect((await get("/menu?flood=39&size=1000")).headers["x-cache"]).toBe("HIT");
  });

  it("never caches POST", async () => {
    const a = await call(`${gw.httpUrl}/cached/1.0.0/menu`, { method: "POST", body: "{}" });
    const b = await call(`${gw.httpUrl}/cached/1.0.0/menu`, { method: "POST", body: "{}" });
    expect(b.json().n).toBe(a.json().n + 1);
  });

  it("neither serves nor stores answers to calls with a credential, unless the attachment says so", async () => {
    const { token } = await world.mintJwt({ clientId: alice.productionClientId });
    const open = await get("/menu?shared=1");
    // an Authorization header on an open resource: not answered from the shared entry
    const withToken = await get("/menu?shared=1", bearer(token));
    expect(withToken.headers["x-cache"]).toBe("MISS");
    expect(withToken.json().n).not.toBe(open.json().n);
    const mine = await get("/mine", bearer(token));
    expect((await get("/mine", bearer(token))).json().n).toBe(mine.json().n + 1);
  });

  it("keeps each application's entries apart when authenticated calls are cached", async () => {
    const { token: a } = await world.mintJwt({ clientId: alice.productionClientId });
    const { token: b } = await world.mintJwt({ clientId: bob.productionClientId });
    const url = `${gw.httpUrl}/per-app/1.0.0/profile`;
    const aliceFirst = await call(url, { headers: bearer(a) });
    expect((await call(url, { headers: bearer(a) })).headers["x-cache"]).toBe("HIT");
    const bobFirst = await call(url, { headers: bearer(b) });
    expect(bobFirst.headers["x-cache"]).toBe("MISS");
    expect(bobFirst.json().n).not.toBe(aliceFirst.json().n);
    // no token at all: refused before the cache, never served Alice's answer
    const anonymous = await call(url);
    expect(anonymous.status).toBe(401);
    expect(anonymous.text).not.toContain(`"n":${aliceFirst.json().n}`);
  });

  it("keeps two end users of one application apart too", async () => {
    const { token: one } = await world.mintJwt({ clientId: alice.productionClientId, sub: "user-one" });
    const { token: two } = await world.mintJwt({ clientId: alice.productionClientId, sub: "user-two" });
    const url = `${gw.httpUrl}/per-app/1.0.0/profile?who=users`;
    const first = await call(url, { headers: bearer(one) });
    const second = await call(url, { headers: bearer(two) });
    expect(second.headers["x-cache"]).toBe("MISS");
    expect(second.json().n).not.toBe(first.json().n);
    expect((await call(url, { headers: bearer(one) })).json().n).toBe(first.json().n);
  });

  it("still throttles a call the cache could answer", async () => {
    const carol = await world.createApplication("carol-app");
    await world.subscribe(carol.id, apiId, await world.tier("Three", 3, 3600));
    await world.change("subscription");
    const { token } = await world.mintJwt({ clientId: carol.productionClientId });
    const url = `${gw.httpUrl}/per-app/1.0.0/profile`;
    // the first call is counted once the new subscription reached the gateway
    await eventually(async () => expect((await call(url, { headers: bearer(token) })).status).toBe(200));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(url, { headers: bearer(token) })).status);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it("still authenticates and checks the subscription of a call the cache could answer", async () => {
    const { token } = await world.mintJwt({ clientId: alice.productionClientId });
    const url = `${gw.httpUrl}/per-app/1.0.0/profile`;
    expect((await call(url, { headers: bearer(token) })).status).toBe(200);
    expect((await call(url, { headers: bearer("not-a-token") })).status).toBe(401);
    await world.db.subscription.updateMany({
      where: { applicationId: alice.id, apiId },
      data: { state: "BLOCKED" },
    });
    await world.change("subscription");
    const refused = await (async () => {
      for (let i = 0; i < 40; i++) {
        const r = await call(url, { headers: bearer(token) });
        if (r.status === 403) return r;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error("the blocked subscription was still served");
    })();
    expect(refused.json().code).toBe("subscription_blocked");
  });
});
