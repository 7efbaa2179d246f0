import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, eventually, rawCall, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let apiId: string;
let app: Awaited<ReturnType<World["createApplication"]>>;

beforeAll(async () => {
  world = await createWorld();
  ({ id: apiId } = await world.createApi({
    context: "/cors",
    cors: {
      enabled: true,
      allowOrigins: ["https://app.example"],
      allowMethods: ["GET", "POST"],
      allowHeaders: ["authorization", "content-type"],
      allowCredentials: true,
      maxAge: 600,
    },
    resources: [{ method: "GET", path: "/x" }],
  }));
  await world.createApi({
    context: "/nocors",
    resources: [{ method: "GET", path: "/x", authRequired: false }],
  });
  app = await world.createApplication("cors-app");
  await world.subscribe(app.id, apiId);
  gw = await world.start({ usageFlushIntervalMs: 100 });
});

afterAll(async () => world.close());

describe("CORS per API", () => {
  it("answers an allowed preflight without a token and without calling the backend", async () => {
    world.upstream.seen.length = 0;
    const r = await rawCall(`${gw.httpUrl}/cors/1.0.0/x`, {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    expect(r.status).toBe(204);
    expect(r.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(r.headers["access-control-allow-methods"]).toBe("GET, POST");
    expect(r.headers["access-control-allow-headers"]).toBe("authorization, content-type");
    expect(r.headers["access-control-allow-credentials"]).toBe("true");
    expect(r.headers["access-control-max-age"]).toBe("600");
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("gives no CORS grant to other origins or APIs without CORS", async () => {
    const denied = await rawCall(`${gw.httpUrl}/cors/1.0.0/x`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
    });
    expect(denied.headers["access-control-allow-origin"]).toBeUndefined();
    const off = await rawCall(`${gw.httpUrl}/nocors/1.0.0/x`, { headers: { origin: "https://app.example" } });
    expect(off.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("adds CORS headers to actual responses, errors included", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    const ok = await call(`${gw.httpUrl}/cors/1.0.0/x`, {
      headers: { ...bearer(token), origin: "https://app.example" },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(ok.headers.vary).toBe("Origin");
    const refused = await call(`${gw.httpUrl}/cors/1.0.0/x`, { headers: { origin: "https://app.example" } });
    expect(refused.status).toBe(401);
    expect(refused.headers["access-control-allow-origin"]).toBe("https://app.example");
  });
});

describe("usage counters", () => {
  it("counts calls per API, application, key type and minute, written in batches", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    for (let i = 0; i < 3; i++)
      expect((await call(`${gw.httpUrl}/cors/1.0.0/x`, { headers: bearer(token) })).status).toBe(200);
    const sandbox = (await world.mintJwt({ clientId: app.sandboxClientId })).token;
    // no sandbox endpoint: a 503 counted as an error for the sandbox key type
    expect((await call(`${gw.httpUrl}/cors/1.0.0/x`, { headers: bearer(sandbox) })).status).toBe(503);
    await eventually(async () => {
      const rows = await world.db.usageCounter.findMany({ where: { apiId, applicationId: app.id } });
      const production = rows.filter((r) => r.keyType === "PRODUCTION").reduce((n, r) => n + r.calls, 0);
      expect(production).toBeGreaterThanOrEqual(4); // three here, one in the CORS test
      const sandboxRows = rows.filter((r) => r.keyType === "SANDBOX");
      expect(sandboxRows.reduce((n, r) => n + r.errors, 0)).toBe(1);
      for (const r of rows) expect(r.bucketStart.getTime() % 60_000).toBe(0);
    });
  });
});

describe("Server header", () => {
  it("does not name the product by default and follows PORTICO_SERVER_HEADER", async () => {
    const r = await call(`${gw.httpUrl}/nocors/1.0.0/x`);
    expect(String(r.headers.server ?? "")).not.toMatch(/portico|node/i);
    const custom = await createWorld({ PORTICO_SERVER_HEADER: "edge" });
    try {
      await custom.createApi({
        context: "/s",
        resources: [{ method: "GET", path: "/x", authRequired: false }],
      });
      const g = await custom.start();
      expect((await call(`${g.httpUrl}/s/1.0.0/x`)).headers.server).toBe("edge");
      expect((await call(`${g.httpUrl}/missing`)).headers.server).toBe("edge");
    } finally {
      await custom.close();
    }
  });
});
