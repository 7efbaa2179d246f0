import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { call, createWorld, eventually, rawCall, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;

beforeAll(async () => {
  world = await createWorld();
  const open = (method: string, path: string) => ({ method, path, authRequired: false });
  await world.createApi({
    context: "/pizza",
    version: "1.0.0",
    resources: [
      open("GET", "/menu"),
      open("GET", "/orders/{orderId}"),
      open("GET", "/orders/new"),
      open("POST", "/orders"),
    ],
  });
  await world.createApi({
    context: "/pizza",
    version: "2.0.0",
    isDefaultVersion: true,
    resources: [open("GET", "/menu"), open("GET", "/files/*")],
  });
  await world.createApi({ context: "/shop/pizza", version: "1.0.0", resources: [open("GET", "/menu")] });
  await world.createApi({ context: "/blocked", state: "BLOCKED", resources: [open("GET", "/x")] });
  await world.createApi({ context: "/retired", state: "RETIRED", resources: [open("GET", "/x")] });
  await world.createApi({ context: "/created", state: "CREATED", resources: [open("GET", "/x")] });
  await world.createApi({ context: "/deprecated", state: "DEPRECATED", resources: [open("GET", "/x")] });
  await world.createApi({ context: "/secure-only", transports: ["https"], resources: [open("GET", "/x")] });
  await world.createApi({
    context: "/based",
    productionEndpoint: `${world.upstream.url}/base/path/`,
    resources: [open("GET", "/x")],
  });
  gw = await world.start();
});

afterAll(async () => world.close());

describe("routing by context and version", () => {
  it("routes /context/version/... to the API and forwards the rest of the path and the query", async () => {
    const r = await call(`${gw.httpUrl}/pizza/1.0.0/menu?size=large&x=%20y`);
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ method: "GET", url: "/menu?size=large&x=%20y" });
  });

  it("routes the bare context to the default version", async () => {
    world.upstream.seen.length = 0;
    const r = await call(`${gw.httpUrl}/pizza/files/a/b.txt`);
    expect(r.status).toBe(200);
    expect(r.json().url).toBe("/files/a/b.txt");
    // the 1.0.0 API has no /files resource, so this reached 2.0.0
    expect((await call(`${gw.httpUrl}/pizza/1.0.0/files/a`)).status).toBe(404);
  });

  it("prefers the longest context and matches multi-segment contexts", async () => {
    const r = await call(`${gw.httpUrl}/shop/pizza/1.0.0/menu`);
    expect(r.status).toBe(200);
    expect(r.json().url).toBe("/menu");
  });

  it("appends the path to the endpoint's base path", async () => {
    const r = await call(`${gw.httpUrl}/based/1.0.0/x`);
    expect(r.json().url).toBe("/base/path/x");
  });

  it("matches path templates, literal segments before parameters", async () => {
    expect((await call(`${gw.httpUrl}/pizza/1.0.0/orders/42`)).json().url).toBe("/orders/42");
    expect((await call(`${gw.httpUrl}/pizza/1.0.0/orders/new`)).status).toBe(200);
    expect((await call(`${gw.httpUrl}/pizza/1.0.0/orders/42/items`)).status).toBe(404);
  });

  it("answers unknown APIs and resources with 404 and a JSON error", async () => {
    const api = await call(`${gw.httpUrl}/nothing/1.0.0/menu`);
    expect(api.status).toBe(404);
    expect(api.headers["content-type"]).toBe("application/json");
    expect(api.json()).toEqual({
      code: "api_not_found",
      message: "Not Found",
      description: expect.any(String),
    });
    const resource = await call(`${gw.httpUrl}/pizza/1.0.0/drinks`);
    expect(resource.status).toBe(404);
    expect(resource.json().code).toBe("resource_not_found");
    expect((await call(`${gw.httpUrl}/pizza/9.9.9/menu`)).status).toBe(404);
  });

  it("answers a known path with the wrong method with 405 and Allow", async () => {
    const r = await call(`${gw.httpUrl}/pizza/1.0.0/menu`, { method: "DELETE" });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe("GET");
    expect(r.json().code).toBe("method_not_allowed");
  });

  it("forwards request bodies", async () => {
    world.upstream.seen.length = 0;
    const r = await call(`${gw.httpUrl}/pizza/1.0.0/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"pizza":"margherita"}',
    });
    expect(r.status).toBe(200);
    expect(world.upstream.seen[0]?.body).toBe('{"pizza":"margherita"}');
    expect(world.upstream.seen[0]?.headers["content-type"]).toBe("application/json");
  });
});

describe("lifecycle states", () => {
  it("serves PUBLISHED and DEPRECATED APIs", async () => {
    expect((await call(`${gw.httpUrl}/deprecated/1.0.0/x`)).status).toBe(200);
  });

  it("answers BLOCKED APIs with 503", async () => {
    const r = await call(`${gw.httpUrl}/blocked/1.0.0/x`);
    expect(r.status).toBe(503);
    expect(r.json().code).toBe("api_blocked");
  });

  it("answers RETIRED and CREATED APIs with 404", async () => {
    expect((await call(`${gw.httpUrl}/retired/1.0.0/x`)).status).toBe(404);
    expect((await call(`${gw.httpUrl}/created/1.0.0/x`)).status).toBe(404);
  });

  it("applies lifecycle changes from the portals within 2 seconds, without a restart", async () => {
    const api = await world.db.api.findFirstOrThrow({ where: { context: "/deprecated" } });
    await world.db.api.update({ where: { id: api.id }, data: { state: "BLOCKED" } });
    await world.change("api", api.id);
    const started = Date.now();
    await eventually(async () => expect((await call(`${gw.httpUrl}/deprecated/1.0.0/x`)).status).toBe(503));
    expect(Date.now() - started).toBeLessThan(2_000);
    await world.db.api.update({ where: { id: api.id }, data: { state: "RETIRED" } });
    await world.change("api", api.id);
    await eventually(async () => expect((await call(`${gw.httpUrl}/deprecated/1.0.0/x`)).status).toBe(404));
  });

  it("serves a newly published API and new resources within 2 seconds", async () => {
    const { id } = await world.createApi({
      context: "/late",
      state: "CREATED",
      resources: [{ method: "GET", path: "/x", authRequired: false }],
    });
    expect((await call(`${gw.httpUrl}/late/1.0.0/x`)).status).toBe(404);
    await world.db.api.update({ where: { id }, data: { state: "PUBLISHED" } });
    await world.change("api", id);
    await eventually(async () => expect((await call(`${gw.httpUrl}/late/1.0.0/x`)).status).toBe(200));
    await world.db.resource.create({
      data: { apiId: id, method: "GET", pathTemplate: "/y", authRequired: false },
    });
    await world.change("api", id);
    await eventually(async () => expect((await call(`${gw.httpUrl}/late/1.0.0/y`)).status).toBe(200));
  });
});

describe("transports", () => {
  it("refuses plain HTTP for an HTTPS-only API", async () => {
    world.upstream.seen.length = 0;
    const r = await call(`${gw.httpUrl}/secure-only/1.0.0/x`);
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("transport_not_allowed");
    expect(r.headers["www-authenticate"]).toBeDefined();
    expect(world.upstream.seen).toHaveLength(0);
  });
});

describe("proxying", () => {
  it("strips hop-by-hop headers both ways and sets X-Forwarded-*", async () => {
    world.upstream.seen.length = 0;
    const r = await rawCall(`${gw.httpUrl}/pizza/1.0.0/menu`, {
      headers: {
        connection: "keep-alive, x-private",
        "x-private": "secret",
        "keep-alive": "timeout=5",
        te: "trailers",
        "proxy-authorization": "Basic abc",
        "x-custom": "kept",
        "x-forwarded-for": "10.0.0.1",
        "x-jwt-assertion": "forged",
      },
    });
    expect(r.status).toBe(200);
    const seen = world.upstream.seen[0];
    expect(seen).toBeDefined();
    expect(seen?.headers["x-private"]).toBeUndefined();
    expect(seen?.headers["proxy-authorization"]).toBeUndefined();
    expect(seen?.headers.te).toBeUndefined();
    expect(seen?.headers["keep-alive"]).toBeUndefined();
    expect(seen?.headers["x-jwt-assertion"]).toBeUndefined();
    expect(seen?.headers["x-custom"]).toBe("kept");
    expect(seen?.headers["x-forwarded-for"]).toBe("10.0.0.1, 127.0.0.1");
    expect(seen?.headers["x-forwarded-proto"]).toBe("http");
    expect(seen?.headers["x-forwarded-host"]).toMatch(/^127\.0\.0\.1:\d+$/);
    // response side: the backend's Connection-named header, its Server header are dropped
    expect(r.headers["x-secret-hop"]).toBeUndefined();
    expect(r.headers["x-upstream"]).toBe("yes");
    expect(r.headers.server).toBeUndefined();
  });

  it("answers health and metrics on the reserved prefix", async () => {
    const health = await call(`${gw.httpUrl}/_portico/health`);
    expect(health.status).toBe(200);
    expect(health.json().status).toBe("UP");
    const metrics = await call(`${gw.httpUrl}/_portico/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/portico_gateway_requests_total\{api="\/pizza\/1\.0\.0",status="200"\} \d+/);
    // latency per API: cumulative buckets that end at the API's call count
    const calls = [
      ...metrics.text.matchAll(
        /portico_gateway_requests_total\{api="\/pizza\/1\.0\.0",status="\d+"\} (\d+)/g,
      ),
    ]
      .map((m) => Number(m[1]))
      .reduce((a, b) => a + b, 0);
    const buckets = [
      ...metrics.text.matchAll(
        /portico_gateway_request_duration_seconds_bucket\{api="\/pizza\/1\.0\.0",le="([^"]+)"\} (\d+)/g,
      ),
    ].map((m) => [m[1], Number(m[2])] as const);
    expect(buckets.map(([le]) => le).slice(-2)).toEqual(["10", "+Inf"]);
    const counts = buckets.map(([, n]) => n);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(calls);
    expect(metrics.text).toContain(
      `portico_gateway_request_duration_seconds_count{api="/pizza/1.0.0"} ${calls}`,
    );
    expect(metrics.text).toMatch(
      /portico_gateway_request_duration_seconds_sum\{api="\/pizza\/1\.0\.0"\} [0-9.e-]+\n/,
    );
  });

  it("serves metrics only to the addresses PORTICO_GATEWAY_METRICS_ALLOW lists; health to anyone", async () => {
    const elsewhere = await createWorld({ PORTICO_GATEWAY_METRICS_ALLOW: "10.0.0.0/8, fd00::/8" });
    try {
      const g = await elsewhere.start();
      const refused = await call(`${g.httpUrl}/_portico/metrics`);
      expect(refused.status).toBe(403);
      expect(refused.json().code).toBe("metrics_not_allowed");
      expect(refused.text).not.toContain("portico_gateway");
      expect((await call(`${g.httpUrl}/_portico/health`)).status).toBe(200);
    } finally {
      await elsewhere.close();
    }
    // a block containing the caller lets it in (the default gateway above allows loopback only)
    const loopback = await createWorld({ PORTICO_GATEWAY_METRICS_ALLOW: "10.0.0.0/8,127.0.0.0/8" });
    try {
      const g = await loopback.start();
      expect((await call(`${g.httpUrl}/_portico/metrics`)).status).toBe(200);
    } finally {
      await loopback.close();
    }
  });
});
