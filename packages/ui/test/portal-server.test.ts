// The portals' request boundary on a real socket, with a stand-in for Next's handler that
// records what reached it (Next itself answers these requests with 500 or drops them).

import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPortalServer } from "../src/portal-server";

const reached: string[] = [];
const logged: string[] = [];
let port: number;
const server = createPortalServer(
  (req, res) => {
    reached.push(`${req.method} ${req.url}`);
    if (req.url === "/fault") throw new Error("ENOENT: open '/srv/portico/.next/server/app.js'");
    res.writeHead(200, { "content-type": "text/plain" }).end("page");
  },
  (line) => logged.push(line),
);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends bytes as written; the whole answer (the server closes the connection). */
function raw(request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (c: Buffer) => {
      data += c.toString("latin1");
    });
    const done = () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), text: data });
    socket.on("end", done);
    socket.on("error", done);
    socket.setTimeout(5_000, () => {
      socket.destroy();
      done();
    });
    socket.write(request);
  });
}
const get = (target: string, method = "GET") =>
  raw(`${method} ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);

describe("what never reaches Next", () => {
  it.each([
    ["*", 400],
    ["//x:99999/", 400],
    ["http://x:99999/", 400],
    ["/api/publisher/v1/apis/%ZZ", 400],
    ["/api/publisher/v1/apis/%E0%A4%A", 400],
    ["/apis/%", 400],
    ["/apis/%C0%AE", 400],
  ])("GET %s → %i", async (target, status) => {
    reached.length = 0;
    const r = await get(target);
    expect(r.status).toBe(status);
    expect(r.text).toMatch(/"code":"BAD_REQUEST"/);
    expect(reached).toEqual([]);
  });

  it.each(["TRACE", "PURGE", "PROPFIND", "CONNECT"])("%s → 405 with Allow", async (method) => {
    reached.length = 0;
    const r = await get(method === "CONNECT" ? "localhost:80" : "/api/publisher/v1/apis", method);
    expect(r.status).toBe(405);
    expect(r.text).toMatch(/\r\nallow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n/i);
    expect(reached).toEqual([]);
  });

  it("OPTIONS * → 400", async () => {
    expect((await get("*", "OPTIONS")).status).toBe(400);
  });

  it("a malformed request line or header → 400, an oversized head → 431", async () => {
    expect((await raw("GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n")).status).toBe(400);
    expect((await raw(`GET / HTTP/1.1\r\nHost: a\r\nX: ${"a".repeat(20_000)}\r\n\r\n`)).status).toBe(431);
    expect((await raw("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")).status).toBe(400);
  });
});

describe("upgrades", () => {
  it("without an upgrade handler (production) → 400, whatever the target", async () => {
    for (const target of ["/", "*", "/%ZZ"]) {
      const r = await raw(
        `GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`,
      );
      expect(r.status).toBe(400);
    }
  });
});

describe("what does", () => {
  it("a clean path, with a query Next may read as it likes", async () => {
    reached.length = 0;
    const r = await get("/apis/abc%20d?x=%ZZ");
    expect(r.status).toBe(200);
    expect(reached).toEqual(["GET /apis/abc%20d?x=%ZZ"]);
  });

  it("a fault escaping the handler: 500 with a correlation id, no path or stack; logged under the id", async () => {
    const r = await get("/fault");
    expect(r.status).toBe(500);
    expect(r.text).not.toMatch(/\/srv\/|ENOENT|\.js/);
    const reference = /reference ([0-9a-f]{16})/.exec(r.text)?.[1];
    expect(reference).toBeTruthy();
    expect(logged.some((l) => l.includes(reference as string))).toBe(true);
    expect((await get("/")).status).toBe(200);
  });
});

describe("liveness and readiness", () => {
  it("answers /_portico/live itself, without reaching Next", async () => {
    reached.length = 0;
    const r = await get("/_portico/live");
    expect(r.status).toBe(200);
    expect(r.text).toContain('{"status":"UP"}');
    expect(reached).toEqual([]);
  });

  it("hands /_portico/ready to the app's health route (its database round trip), query dropped", async () => {
    reached.length = 0;
    const r = await get("/_portico/ready?x=1");
    expect(r.status).toBe(200);
    expect(reached).toEqual(["GET /api/health"]);
  });

  it("refuses POST on the probes with 405 and Allow, without reaching Next", async () => {
    reached.length = 0;
    const r = await raw(
      "POST /_portico/ready HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    );
    expect(r.status).toBe(405);
    expect(r.text.toLowerCase()).toContain("allow: get, head");
    expect(reached).toEqual([]);
  });

  it("is not ready while draining for a stop, and live all the same", async () => {
    const seen: string[] = [];
    const draining = createPortalServer(
      (req, res) => {
        seen.push(req.url ?? "");
        res.writeHead(200).end("ok");
      },
      () => {},
      undefined,
      { readinessPath: "/api/health", isDraining: () => true },
    );
    await new Promise<void>((resolve) => draining.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(draining.address() as AddressInfo).port}`;
    try {
      const ready = await fetch(`${base}/_portico/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "DRAINING" });
      expect((await fetch(`${base}/_portico/live`)).status).toBe(200);
      expect(seen).toEqual([]);
    } finally {
      draining.closeAllConnections();
      await new Promise<void>((resolve) => draining.close(() => resolve()));
    }
  });
});
