import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let port: number;
let token: string;

/** Sends bytes exactly as written (no client normalisation) and returns the status of the first answer. */
function rawHttp(request: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    const done = () => {
      socket.destroy();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0), text: data });
    };
    socket.on("data", (c: Buffer) => {
      data += c.toString("latin1");
      // the first complete answer is enough
      const head = data.indexOf("\r\n\r\n");
      const length = /content-length: (\d+)/i.exec(data)?.[1];
      if (head !== -1 && length !== undefined && data.length >= head + 4 + Number(length)) done();
    });
    socket.on("end", done);
    socket.on("error", reject);
    socket.setTimeout(5_000, done);
    socket.write(request);
  });
}

beforeAll(async () => {
  world = await createWorld();
  const { id } = await world.createApi({
    context: "/pizza",
    resources: [
      { method: "GET", path: "/menu/{item}" },
      { method: "POST", path: "/orders" },
      { method: "GET", path: "/files/*", authRequired: false },
    ],
  });
  const app = await world.createApplication("bad-input-app");
  await world.subscribe(app.id, id);
  token = (await world.mintJwt({ clientId: app.productionClientId })).token;
  gw = await world.start({ proxyLimits: { maxBodyBytes: 1024 }, maxHeaderBytes: 8 * 1024 });
  port = Number(new URL(gw.httpUrl).port);
});

afterAll(async () => world.close());

const auth = () => `Authorization: Bearer ${token}\r\n`;

describe("malformed paths never reach the backend", () => {
  it.each([
    ["dot-dot segment", "/pizza/1.0.0/files/../../admin"],
    ["dot segment", "/pizza/1.0.0/files/./x"],
    ["encoded dot-dot", "/pizza/1.0.0/files/%2e%2e/admin"],
    ["upper-case encoded dot-dot", "/pizza/1.0.0/files/%2E%2E/admin"],
    ["half-encoded dot-dot", "/pizza/1.0.0/files/.%2e/admin"],
    ["encoded slash", "/pizza/1.0.0/files/a%2fb"],
    ["encoded backslash", "/pizza/1.0.0/files/a%5cb"],
    ["double encoding", "/pizza/1.0.0/files/%252e%252e/admin"],
    ["encoded NUL", "/pizza/1.0.0/files/a%00b"],
    ["backslash", "/pizza/1.0.0/files/a\\..\\b"],
    ["malformed escape", "/pizza/1.0.0/files/%zz"],
    ["absolute-form smuggled host", "http://evil.example/pizza/1.0.0/files/a"],
  ])("%s → 400", async (_name, target) => {
    world.upstream.seen.length = 0;
    const r = await rawHttp(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(400);
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("still serves a clean path under the same resource", async () => {
    const r = await rawHttp(
      "GET /pizza/1.0.0/files/a/b.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    expect(r.status).toBe(200);
  });
});

describe("request smuggling patterns and oversized input", () => {
  it("refuses Content-Length together with Transfer-Encoding", async () => {
    world.upstream.seen.length = 0;
    const body = "0\r\n\r\nGET /pizza/1.0.0/files/smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    const r = await rawHttp(
      `POST /pizza/1.0.0/orders HTTP/1.1\r\nHost: localhost\r\n${auth()}Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
    );
    expect(r.status).toBe(400);
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("refuses conflicting Content-Length headers and obfuscated Transfer-Encoding", async () => {
    world.upstream.seen.length = 0;
    expect(
      (
        await rawHttp(
          `POST /pizza/1.0.0/orders HTTP/1.1\r\nHost: localhost\r\n${auth()}Content-Length: 3\r\nContent-Length: 40\r\n\r\nabc`,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await rawHttp(
          `POST /pizza/1.0.0/orders HTTP/1.1\r\nHost: localhost\r\n${auth()}Transfer-Encoding: xchunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n`,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await rawHttp(
          `POST /pizza/1.0.0/orders HTTP/1.1\r\nHost: localhost\r\n${auth()}Transfer-Encoding : chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n`,
        )
      ).status,
    ).toBe(400);
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("answers oversized headers with 431", async () => {
    const r = await rawHttp(
      `GET /pizza/1.0.0/files/a HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(10_000)}\r\n\r\n`,
    );
    expect(r.status).toBe(431);
  });

  it("answers oversized bodies with 413, declared or streamed", async () => {
    world.upstream.seen.length = 0;
    const big = "x".repeat(2048);
    const declared = await call(`${gw.httpUrl}/pizza/1.0.0/orders`, {
      method: "POST",
      headers: bearer(token),
      body: big,
    });
    expect(declared.status).toBe(413);
    expect(declared.json().code).toBe("payload_too_large");
    expect(world.upstream.seen).toHaveLength(0);
    const chunks = `400\r\n${"y".repeat(1024)}\r\n400\r\n${"y".repeat(1024)}\r\n0\r\n\r\n`;
    const streamed = await rawHttp(
      `POST /pizza/1.0.0/orders HTTP/1.1\r\nHost: localhost\r\n${auth()}Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}`,
    );
    expect(streamed.status).toBe(413);
    expect(world.upstream.seen.every((s) => s.body.length <= 1024)).toBe(true);
    const small = await call(`${gw.httpUrl}/pizza/1.0.0/orders`, {
      method: "POST",
      headers: bearer(token),
      body: "ok",
    });
    expect(small.status).toBe(200);
  });

  it("refuses malformed Authorization headers", async () => {
    for (const header of ["Bearer", "Basic dXNlcjpwYXNz", "Bearer a b", `Bearer ${"x".repeat(600)}`]) {
      const r = await call(`${gw.httpUrl}/pizza/1.0.0/menu/1`, { headers: { authorization: header } });
      expect(r.status, header).toBe(401);
    }
  });
});

describe("failures around the gateway", () => {
  it("keeps serving when the database fails: cached tokens work, lookups fail with a JSON 5xx", async () => {
    const local = await createWorld();
    try {
      const { id } = await local.createApi({ context: "/db", resources: [{ method: "GET", path: "/x" }] });
      const app = await local.createApplication("db-app");
      await local.subscribe(app.id, id);
      const cached = (await local.mintJwt({ clientId: app.productionClientId })).token;
      const opaque = (await local.mintOpaque({ clientId: app.productionClientId })).token;
      const g = await local.start();
      expect((await call(`${g.httpUrl}/db/1.0.0/x`, { headers: bearer(cached) })).status).toBe(200);
      await local.db.$executeRawUnsafe('ALTER TABLE "AccessToken" RENAME TO "AccessTokenGone"');
      await local.db.$executeRawUnsafe('ALTER TABLE "ChangeEvent" RENAME TO "ChangeEventGone"');
      const failed = await call(`${g.httpUrl}/db/1.0.0/x`, { headers: bearer(opaque) });
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(failed.json().code).toBe("server_error");
      expect(failed.text).not.toMatch(/AccessToken|prisma|sqlite/i);
      await new Promise((r) => setTimeout(r, 300)); // let a change poll fail
      expect((await call(`${g.httpUrl}/db/1.0.0/x`, { headers: bearer(cached) })).status).toBe(200);
      expect((await call(`${g.httpUrl}/_portico/health`)).status).toBe(200);
      await local.db.$executeRawUnsafe('ALTER TABLE "AccessTokenGone" RENAME TO "AccessToken"');
      await local.db.$executeRawUnsafe('ALTER TABLE "ChangeEventGone" RENAME TO "ChangeEvent"');
    } finally {
      await local.close();
    }
  });
});
