import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { call, createWorld, eventually, type World } from "./fixtures";

// The egress policy checked by the gateway on every new backend connection, after DNS: what a
// publisher saved earlier, or a name that resolves elsewhere now, gains nothing.
const open = (method: string, path: string) => ({ method, path, authRequired: false });

describe("without PORTICO_BACKEND_ALLOW (the default)", () => {
  let world: World;
  let gw: RunningGateway;

  beforeAll(async () => {
    world = await createWorld({ PORTICO_BACKEND_ALLOW: "" });
    const port = new URL(world.upstream.url).port;
    const endpoints = {
      "/by-name": `http://localhost:${port}`,
      "/by-address": `http://127.0.0.1:${port}`,
      "/mapped": `http://[::ffff:127.0.0.1]:${port}`,
      "/metadata": "http://169.254.169.254/latest",
    };
    for (const [context, productionEndpoint] of Object.entries(endpoints))
      await world.createApi({ context, productionEndpoint, resources: [open("GET", "/x")] });
    gw = await world.start();
  });
  afterAll(async () => world.close());

  it.each([
    ["a name resolving to loopback", "/by-name/1.0.0/x"],
    ["a loopback address", "/by-address/1.0.0/x"],
    ["an IPv4-mapped loopback address", "/mapped/1.0.0/x"],
    ["a cloud metadata address", "/metadata/1.0.0/x"],
  ])("refuses %s with 502 backend_not_allowed; nothing reaches it", async (_name, path) => {
    world.upstream.seen.length = 0;
    const r = await call(`${gw.httpUrl}${path}`);
    expect(r.status).toBe(502);
    expect(r.json().code).toBe("backend_not_allowed");
    expect(world.upstream.seen).toHaveLength(0);
  });
});

describe("with PORTICO_BACKEND_ALLOW", () => {
  let world: World;
  let upstreamPort: number;

  beforeAll(async () => {
    world = await createWorld({ PORTICO_BACKEND_ALLOW: "" });
    upstreamPort = Number(new URL(world.upstream.url).port);
    await world.createApi({
      context: "/allowed",
      productionEndpoint: `http://localhost:${upstreamPort}`,
      resources: [open("GET", "/x")],
    });
  });
  afterAll(async () => world.close());

  const gatewayAllowing = (allow: string) =>
    world.start({ settings: { ...world.settings, PORTICO_BACKEND_ALLOW: allow } });

  it("calls an allowed address and port (the demo's sample backend form)", async () => {
    const gw = await gatewayAllowing(`127.0.0.1:${upstreamPort}`);
    world.upstream.seen.length = 0;
    expect((await call(`${gw.httpUrl}/allowed/1.0.0/x`)).status).toBe(200);
    expect(world.upstream.seen.map((s) => s.url)).toEqual(["/x"]);
  });

  it("still refuses another port of that address", async () => {
    const gw = await gatewayAllowing(`127.0.0.1:${upstreamPort + 1}`);
    expect((await call(`${gw.httpUrl}/allowed/1.0.0/x`)).json().code).toBe("backend_not_allowed");
  });

  it("calls any address of an allowed block", async () => {
    const gw = await gatewayAllowing("127.0.0.0/8");
    expect((await call(`${gw.httpUrl}/allowed/1.0.0/x`)).status).toBe(200);
  });
});

describe("the gateway's own listeners", () => {
  let world: World;
  let gw: RunningGateway;

  beforeAll(async () => {
    // loopback allowed, as in a demo: the gateway's own ports stay refused
    world = await createWorld({ PORTICO_BACKEND_ALLOW: "127.0.0.0/8" });
    await world.createApi({ context: "/target", resources: [open("GET", "/x")] });
    gw = await world.start();
  });
  afterAll(async () => world.close());

  it("refuses an endpoint that is the gateway itself (a loop), and passes over it to a failover", async () => {
    const self = `http://127.0.0.1:${new URL(gw.httpUrl).port}/target/1.0.0`;
    const { id } = await world.createApi({
      context: "/loop",
      productionEndpoint: self,
      resources: [open("GET", "/x")],
    });
    await world.createApi({
      context: "/loop-with-failover",
      productionEndpoint: `http://localhost:${new URL(gw.httpsUrl).port}/target/1.0.0`,
      productionFailovers: [world.upstream.url],
      resources: [open("GET", "/x")],
    });
    await world.change("api", id);
    await eventually(async () =>
      expect((await call(`${gw.httpUrl}/loop/1.0.0/x`)).json().code).toBe("backend_not_allowed"),
    );
    world.upstream.seen.length = 0;
    const r = await call(`${gw.httpUrl}/loop-with-failover/1.0.0/x`);
    expect(r.status).toBe(200);
    expect(world.upstream.seen.map((s) => s.url)).toEqual(["/x"]);
  });
});
