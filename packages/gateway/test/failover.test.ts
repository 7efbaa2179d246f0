import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { call, createWorld, eventually, startUpstream, type Upstream, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let third: Upstream;
const warnings: string[] = [];
const SUSPEND_MS = 1_500;

/** A port nothing listens on (until a test starts something there). */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** A backend on a given port that records the paths it was called with. */
async function listenOn(port: number, seen: string[], status = 200): Promise<Server> {
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => res.writeHead(status, { "content-type": "text/plain" }).end("primary"));
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return server;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
}

const open = [
  { method: "GET", path: "/x", authRequired: false },
  { method: "POST", path: "/orders", authRequired: false },
];
let primaryPort: number;
let bigPrimaryPort: number;

beforeAll(async () => {
  world = await createWorld();
  third = await startUpstream();
  primaryPort = await deadPort();
  bigPrimaryPort = await deadPort();
  await world.createApi({
    context: "/fo",
    productionEndpoint: `http://127.0.0.1:${primaryPort}/a`,
    productionFailovers: [`${world.upstream.url}/b`, `${third.url}/c`],
    resources: open,
  });
  await world.createApi({
    context: "/fo-big",
    productionEndpoint: `http://127.0.0.1:${bigPrimaryPort}/a`,
    productionFailovers: [`${world.upstream.url}/big`],
    resources: open,
  });
  gw = await world.start({
    proxyLimits: { failoverSuspendMs: SUSPEND_MS, failoverBufferBytes: 64 },
    log: (level, message) => {
      if (level === "warn") warnings.push(message);
    },
  });
});

afterAll(async () => {
  await third.close();
  await world.close();
});

const seenPaths = (u: Upstream) => u.seen.map((s) => `${s.method} ${s.url}`);

describe("failover endpoints", () => {
  it("passes an unreachable endpoint over for the next one, body included, and tries it last for a while", async () => {
    const first = await call(`${gw.httpUrl}/fo/1.0.0/x?q=1`);
    expect(first.status).toBe(200);
    expect(seenPaths(world.upstream)).toEqual(["GET /b/x?q=1"]);
    expect(warnings).toEqual([
      `backend endpoint http://127.0.0.1:${primaryPort}/a unreachable: its failovers are tried first for a while`,
    ]);

    const order = JSON.stringify({ pizza: "margherita", count: 2 });
    const posted = await call(`${gw.httpUrl}/fo/1.0.0/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: order.padEnd(60, " "),
    });
    expect(posted.status).toBe(200);
    const received = world.upstream.seen.at(-1);
    expect([received?.method, received?.url, received?.body.trim()]).toEqual(["POST", "/b/orders", order]);

    // The endpoint comes back: while it is suspended the failover keeps the traffic...
    const primarySeen: string[] = [];
    const primary = await listenOn(primaryPort, primarySeen);
    try {
      expect((await call(`${gw.httpUrl}/fo/1.0.0/x`)).status).toBe(200);
      expect(primarySeen).toEqual([]);
      expect(seenPaths(world.upstream).at(-1)).toBe("GET /b/x");
      // ...and once the suspension is over it is first again; the failure was logged once
      await eventually(
        async () => {
          await call(`${gw.httpUrl}/fo/1.0.0/x`);
          expect(primarySeen).toContain("GET /a/x");
        },
        SUSPEND_MS * 3,
        100,
      );
      expect(warnings).toHaveLength(1);
    } finally {
      await close(primary);
    }
  });

  it("goes down the list in order and answers 503 only when no endpoint can be reached", async () => {
    const before = third.seen.length;
    await world.upstream.close();
    const answered = await call(`${gw.httpUrl}/fo/1.0.0/x`);
    expect(answered.status).toBe(200);
    expect(seenPaths(third).slice(before)).toEqual(["GET /c/x"]);
    await third.close();
    const none = await call(`${gw.httpUrl}/fo/1.0.0/x`);
    expect([none.status, none.json().code]).toEqual([503, "backend_unavailable"]);
    // the gateway keeps serving, and says nothing about the endpoints to the caller
    expect(none.text).not.toContain("127.0.0.1");
    expect((await call(`${gw.httpUrl}/_portico/health`)).status).toBe(200);
  });
});

describe("what is not sent twice", () => {
  it("does not send a body too large to hold to a second endpoint, but routes later calls past the dead one", async () => {
    // a fresh backend for the failover of /fo-big (the world's own was closed above)
    const seen: string[] = [];
    const port = Number(new URL(world.upstream.url).port);
    const failover = await listenOn(port, seen);
    try {
      const big = await call(`${gw.httpUrl}/fo-big/1.0.0/orders`, { method: "POST", body: "x".repeat(100) });
      expect([big.status, big.json().code]).toEqual([503, "backend_unavailable"]);
      expect(seen).toEqual([]);
      // the dead endpoint is now tried last: the same call reaches the failover
      const again = await call(`${gw.httpUrl}/fo-big/1.0.0/orders`, {
        method: "POST",
        body: "x".repeat(100),
      });
      expect(again.status).toBe(200);
      expect(seen).toEqual(["POST /big/orders"]);
    } finally {
      await close(failover);
    }
  });

  it("sends a bodiless GET once more when a pooled connection turns out closed, but never a POST", async () => {
    // Every connection serves one call; the next call on it finds it cut (an idle-timeout race).
    const arrived: string[] = [];
    const served = new WeakSet<object>();
    const flaky = createServer((req, res) => {
      arrived.push(`${req.method} ${req.url}`);
      if (served.has(req.socket)) return req.socket.destroy();
      served.add(req.socket);
      req.resume();
      req.on("end", () => res.writeHead(200, { "content-type": "text/plain" }).end("ok"));
    });
    await new Promise<void>((r) => flaky.listen(0, "127.0.0.1", r));
    try {
      await world.createApi({
        context: "/flaky",
        productionEndpoint: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`,
        resources: open,
      });
      await world.change("api");
      await eventually(async () => expect((await call(`${gw.httpUrl}/flaky/1.0.0/x`)).status).toBe(200));
      arrived.length = 0;
      const again = await call(`${gw.httpUrl}/flaky/1.0.0/x`);
      expect(again.status).toBe(200);
      expect(arrived).toEqual(["GET /x", "GET /x"]);
      arrived.length = 0;
      const posted = await call(`${gw.httpUrl}/flaky/1.0.0/orders`, { method: "POST", body: "{}" });
      expect([posted.status, posted.json().code]).toEqual([502, "backend_error"]);
      expect(arrived).toEqual(["POST /orders"]);
    } finally {
      await close(flaky);
    }
  });

  it("passes a backend's error answer on instead of trying the failover", async () => {
    const failing = await deadPort();
    const failingSeen: string[] = [];
    const server = await listenOn(failing, failingSeen, 500);
    const spareSeen: string[] = [];
    const sparePort = await deadPort();
    const spare = await listenOn(sparePort, spareSeen);
    try {
      await world.createApi({
        context: "/fo-500",
        productionEndpoint: `http://127.0.0.1:${failing}`,
        productionFailovers: [`http://127.0.0.1:${sparePort}`],
        resources: open,
      });
      await world.change("api");
      await eventually(async () =>
        expect((await call(`${gw.httpUrl}/fo-500/1.0.0/orders`, { method: "POST", body: "{}" })).status).toBe(
          500,
        ),
      );
      expect(failingSeen.length).toBeGreaterThan(0);
      expect(spareSeen).toEqual([]);
    } finally {
      await close(server);
      await close(spare);
    }
  });
});

describe("load-balanced endpoints", () => {
  it("spreads calls round robin over the endpoint and its failovers, passing over one that is down", async () => {
    const ports = [await deadPort(), await deadPort(), await deadPort()];
    const seen: string[][] = [[], [], []];
    const backends = await Promise.all(ports.map((port, i) => listenOn(port, seen[i] as string[])));
    try {
      await world.createApi({
        context: "/lb",
        productionEndpoint: `http://127.0.0.1:${ports[0]}/a`,
        productionFailovers: [`http://127.0.0.1:${ports[1]}/b`, `http://127.0.0.1:${ports[2]}/c`],
        loadBalance: true,
        resources: open,
      });
      await world.change("api");
      await eventually(async () => expect((await call(`${gw.httpUrl}/lb/1.0.0/x`)).status).toBe(200));
      for (const s of seen) s.length = 0;
      for (let i = 0; i < 6; i++) expect((await call(`${gw.httpUrl}/lb/1.0.0/x`)).status).toBe(200);
      expect(seen).toEqual([
        ["GET /a/x", "GET /a/x"],
        ["GET /b/x", "GET /b/x"],
        ["GET /c/x", "GET /c/x"],
      ]);

      await close(backends[1] as Server);
      for (const s of seen) s.length = 0;
      for (let i = 0; i < 6; i++) expect((await call(`${gw.httpUrl}/lb/1.0.0/x`)).status).toBe(200);
      expect(seen[1]).toEqual([]);
      expect((seen[0] as string[]).length + (seen[2] as string[]).length).toBe(6);
      expect((seen[0] as string[]).length).toBeGreaterThanOrEqual(2);
      expect((seen[2] as string[]).length).toBeGreaterThanOrEqual(2);
    } finally {
      for (const [i, b] of backends.entries()) if (i !== 1) await close(b);
    }
  });
});
