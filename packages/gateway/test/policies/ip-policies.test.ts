import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { call, createWorld, type World } from "../fixtures";

const open = (path: string) => [{ method: "GET", path, authRequired: false }];

async function startWith(env: Record<string, string>) {
  const world = await createWorld(env);
  await world.createApi({
    context: "/denied",
    gatewayPolicies: [{ policy: "ip-filter", config: { deny: ["127.0.0.0/8"] } }],
    resources: open("/x"),
  });
  await world.createApi({
    context: "/partners",
    gatewayPolicies: [{ policy: "ip-filter", config: { allow: ["203.0.113.0/24"], deny: ["203.0.113.66"] } }],
    resources: open("/x"),
  });
  await world.createApi({
    context: "/limited",
    gatewayPolicies: [{ policy: "rate-limit", config: { key: "ip", requestCount: 2, unitSeconds: 3600 } }],
    resources: open("/x"),
  });
  await world.createApi({
    context: "/per-client",
    gatewayPolicies: [
      { policy: "rate-limit", config: { key: "header:X-Client", requestCount: 1, unitSeconds: 3600 } },
    ],
    resources: open("/x"),
  });
  return { world, gw: await world.start() };
}

let direct: { world: World; gw: RunningGateway };
let proxied: { world: World; gw: RunningGateway };

beforeAll(async () => {
  direct = await startWith({});
  // the tests' connections come from 127.0.0.1: here it is a trusted proxy
  proxied = await startWith({ PORTICO_TRUSTED_PROXIES: "127.0.0.1" });
});

afterAll(async () => {
  await direct?.world.close();
  await proxied?.world.close();
});

const get = (gw: RunningGateway, context: string, headers: Record<string, string> = {}) =>
  call(`${gw.httpUrl}${context}/1.0.0/x`, { headers });

describe("ip-filter policy at the gateway", () => {
  it("refuses a denied address with 403 ip_denied, without calling the backend", async () => {
    direct.world.upstream.seen.length = 0;
    const r = await get(direct.gw, "/denied");
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("ip_denied");
    expect(direct.world.upstream.seen).toHaveLength(0);
  });

  it("ignores a spoofed X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    expect((await get(direct.gw, "/denied", { "x-forwarded-for": "203.0.113.5" })).status).toBe(403);
    expect((await get(direct.gw, "/partners", { "x-forwarded-for": "203.0.113.5" })).status).toBe(403);
  });

  it("reads the client behind a trusted proxy: allowed block in, denied address and outsiders out", async () => {
    expect((await get(proxied.gw, "/partners", { "x-forwarded-for": "203.0.113.5" })).status).toBe(200);
    expect((await get(proxied.gw, "/partners", { "x-forwarded-for": "203.0.113.66" })).status).toBe(403);
    expect((await get(proxied.gw, "/partners", { "x-forwarded-for": "198.51.100.1" })).status).toBe(403);
    // the hop the client wrote itself (left of the proxy's) is not believed
    expect(
      (await get(proxied.gw, "/partners", { "x-forwarded-for": "203.0.113.5, 198.51.100.1" })).status,
    ).toBe(403);
  });
});

describe("rate-limit policy at the gateway", () => {
  it("counts per client address behind a trusted proxy, with RateLimit headers on the 429", async () => {
    const a = { "x-forwarded-for": "203.0.113.10" };
    expect((await get(proxied.gw, "/limited", a)).status).toBe(200);
    expect((await get(proxied.gw, "/limited", a)).status).toBe(200);
    const refused = await get(proxied.gw, "/limited", a);
    expect(refused.status).toBe(429);
    expect(refused.json().code).toBe("throttled");
    expect(refused.headers["retry-after"]).toBeDefined();
    expect(refused.headers["ratelimit-limit"]).toBe("2");
    // another client has its own budget
    expect((await get(proxied.gw, "/limited", { "x-forwarded-for": "203.0.113.11" })).status).toBe(200);
  });

  it("gives a caller who varies a spoofed X-Forwarded-For no new budget", async () => {
    expect((await get(direct.gw, "/limited", { "x-forwarded-for": "198.51.100.1" })).status).toBe(200);
    expect((await get(direct.gw, "/limited", { "x-forwarded-for": "198.51.100.2" })).status).toBe(200);
    expect((await get(direct.gw, "/limited", { "x-forwarded-for": "198.51.100.3" })).status).toBe(429);
  });

  it("counts per header value, and callers without the header share one counter", async () => {
    expect((await get(direct.gw, "/per-client", { "x-client": "a" })).status).toBe(200);
    expect((await get(direct.gw, "/per-client", { "x-client": "a" })).status).toBe(429);
    expect((await get(direct.gw, "/per-client", { "x-client": "b" })).status).toBe(200);
    expect((await get(direct.gw, "/per-client")).status).toBe(200);
    expect((await get(direct.gw, "/per-client")).status).toBe(429);
  });
});
