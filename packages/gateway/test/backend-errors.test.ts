import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createWorld, type World } from "./fixtures";

let world: World;

beforeAll(async () => {
  world = await createWorld();
  // a healthy API, to show the gateway still serves after each failure
  await world.createApi({
    context: "/pizza",
    resources: [{ method: "GET", path: "/menu", authRequired: false }],
  });
});

afterAll(async () => world.close());

describe("backend failures", () => {
  it("maps a refused backend connection to 503, a broken answer to 502 and a slow one to 504", async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
    const deadPort = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const broken = createServer((req) => req.socket.end("HTTP/1.1 abc\r\n\r\n"));
    // a header value Node will not write (obs-fold style control character), sent raw
    const badHeader = createServer((req) =>
      req.socket.end("HTTP/1.1 200 OK\r\nX-Bad: a\x01b\r\nContent-Length: 2\r\n\r\nok"),
    );
    const slow = createServer(() => {});
    for (const s of [broken, slow, badHeader]) await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const at = (s: typeof broken) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const open = [{ method: "GET", path: "/x", authRequired: false }];
    await world.createApi({
      context: "/dead",
      productionEndpoint: `http://127.0.0.1:${deadPort}`,
      resources: open,
    });
    await world.createApi({ context: "/broken", productionEndpoint: at(broken), resources: open });
    await world.createApi({ context: "/slow", productionEndpoint: at(slow), resources: open });
    await world.createApi({ context: "/nobackend", productionEndpoint: null, resources: open });
    await world.createApi({ context: "/badheader", productionEndpoint: at(badHeader), resources: open });
    await world.change("api");
    const fast = await world.start({ proxyLimits: { headersTimeoutMs: 300 } });
    try {
      const refused = await call(`${fast.httpUrl}/dead/1.0.0/x`);
      expect([refused.status, refused.json().code]).toEqual([503, "backend_unavailable"]);
      const bad = await call(`${fast.httpUrl}/broken/1.0.0/x`);
      expect([bad.status, bad.json().code]).toEqual([502, "backend_error"]);
      const timeout = await call(`${fast.httpUrl}/slow/1.0.0/x`);
      expect([timeout.status, timeout.json().code]).toEqual([504, "backend_timeout"]);
      const none = await call(`${fast.httpUrl}/nobackend/1.0.0/x`);
      expect([none.status, none.json().code]).toEqual([503, "no_backend"]);
      const invalid = await call(`${fast.httpUrl}/badheader/1.0.0/x`);
      expect([invalid.status, invalid.json().code]).toEqual([502, "backend_error"]);
      // and the gateway is still serving
      expect((await call(`${fast.httpUrl}/pizza/1.0.0/menu`)).status).toBe(200);
    } finally {
      await fast.close();
      for (const s of [broken, slow, badHeader]) {
        s.closeAllConnections();
        s.close();
      }
    }
  });

  it("refuses backend answers over the size limit: declared ones with 502, streamed ones cut off", async () => {
    const big = createServer((req, res) => {
      if (req.url === "/declared") {
        res.writeHead(200, { "content-length": "4096" });
        res.end("d".repeat(4096));
      } else {
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("s".repeat(2048));
        setTimeout(() => res.end("s".repeat(2048)), 20);
      }
    });
    await new Promise<void>((r) => big.listen(0, "127.0.0.1", r));
    await world.createApi({
      context: "/big",
      productionEndpoint: `http://127.0.0.1:${(big.address() as AddressInfo).port}`,
      resources: [
        { method: "GET", path: "/declared", authRequired: false },
        { method: "GET", path: "/streamed", authRequired: false },
      ],
    });
    await world.change("api");
    const limited = await world.start({ proxyLimits: { maxResponseBytes: 3000 } });
    try {
      const declared = await call(`${limited.httpUrl}/big/1.0.0/declared`);
      expect([declared.status, declared.json().code]).toEqual([502, "backend_error"]);
      await expect(call(`${limited.httpUrl}/big/1.0.0/streamed`)).rejects.toThrow();
      expect((await call(`${limited.httpUrl}/pizza/1.0.0/menu`)).status).toBe(200);
    } finally {
      await limited.close();
      big.closeAllConnections();
      big.close();
    }
  });
});
