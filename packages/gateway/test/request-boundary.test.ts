// What callers send that the proxy path did not expect: `Expect: 100-continue` (curl's large
// uploads), other expectations, and usage counted for an API or application deleted since.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, eventually, rawCall, type World } from "./fixtures";

const run = promisify(execFile);
let world: World;
let gw: RunningGateway;
let port: number;
const warnings: string[] = [];

beforeAll(async () => {
  world = await createWorld();
  await world.createApi({
    context: "/upload",
    resources: [{ method: "POST", path: "/files", authRequired: false }],
  });
  gw = await world.start({
    usageFlushIntervalMs: 3_600_000,
    log: (level, message, error) =>
      warnings.push(`${level}: ${message}${error instanceof Error ? `: ${error.message}` : ""}`),
  });
  port = Number(new URL(gw.httpUrl).port);
});
afterAll(async () => world.close());

describe("Expect: 100-continue", () => {
  it("curl uploads 2 MiB through the gateway, announcing it with Expect: 100-continue", async () => {
    world.upstream.seen.length = 0;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "portico-upload-")), "body");
    writeFileSync(file, "x".repeat(2 * 1024 * 1024));
    const { stdout } = await run(
      "curl",
      [
        "-sS",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "-H",
        "Expect: 100-continue",
        "-H",
        "content-type: text/plain",
        "--data-binary",
        `@${file}`,
        `${gw.httpUrl}/upload/1.0.0/files`,
      ],
      { maxBuffer: 1024 * 1024 },
    );
    expect(stdout).toBe("200");
    expect(world.upstream.seen[0]?.body.length).toBe(2 * 1024 * 1024);
  });

  it("answers 100 Continue, then forwards the body (without the expectation) to the backend", async () => {
    world.upstream.seen.length = 0;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1");
      let data = "";
      let sent = false;
      socket.on("data", (c: Buffer) => {
        data += c.toString("latin1");
        if (!sent && data.includes("100 Continue\r\n\r\n")) {
          sent = true;
          socket.write("hello");
        }
      });
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
      socket.setTimeout(5_000, () => {
        socket.destroy();
        resolve(data);
      });
      socket.write(
        "POST /upload/1.0.0/files HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 /);
    expect(world.upstream.seen).toHaveLength(1);
    expect(world.upstream.seen[0]?.body).toBe("hello");
    expect(world.upstream.seen[0]?.headers.expect).toBeUndefined();
  });

  it("an expectation it cannot meet is 417, and nothing reaches the backend", async () => {
    world.upstream.seen.length = 0;
    const r = await rawCall(`${gw.httpUrl}/upload/1.0.0/files`, {
      method: "POST",
      headers: { expect: "201-created-please", "content-type": "text/plain" },
      body: "x",
    });
    expect(r.status).toBe(417);
    expect(world.upstream.seen).toHaveLength(0);
  });
});

describe("odd request targets and methods", () => {
  it.each([
    ["CONNECT localhost:443", 405],
    ["GET *", 400],
    ["OPTIONS *", 400],
    ["GET //x:99999/", 400],
    ["GET //[::1/", 400],
    ["TRACE /upload/1.0.0/files", 405],
  ])("%s → %i", async (line, status) => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let data = "";
      socket.on("data", (c: Buffer) => {
        data += c.toString("latin1");
      });
      socket.on("close", () => resolve(data));
      socket.setTimeout(5_000, () => socket.destroy());
      socket.write(`${line} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    });
    expect(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])).toBe(status);
  });
});

describe("a genuine internal fault", () => {
  it("is a 500 server_error naming only a correlation id, which the log carries", async () => {
    const proxy = gw.runtime.proxy as { forward: unknown };
    const original = proxy.forward;
    proxy.forward = async () => {
      throw new Error("ENOENT: no such file or directory, open '/srv/portico/secret.pem'");
    };
    warnings.length = 0;
    try {
      const r = await rawCall(`${gw.httpUrl}/upload/1.0.0/files`, { method: "POST", body: "x" });
      expect(r.status).toBe(500);
      expect(r.text).not.toMatch(/srv|ENOENT|\.ts/);
      const reference = /reference ([0-9a-f]{16})/.exec(r.json().description)?.[1] as string;
      expect(reference).toBeTruthy();
      expect(warnings.some((w) => w.startsWith("error:") && w.includes(reference))).toBe(true);
    } finally {
      proxy.forward = original;
    }
    expect((await call(`${gw.httpUrl}/_portico/health`)).status).toBe(200);
  });
});

describe("usage of deleted APIs and applications", () => {
  it("is dropped with one warning, never retried, and the gateway keeps counting the others", async () => {
    const gone = await world.createApi({ context: "/gone", resources: [{ method: "GET", path: "/x" }] });
    const kept = await world.createApi({ context: "/kept", resources: [{ method: "GET", path: "/x" }] });
    const app = await world.createApplication("usage-app");
    const leaving = await world.createApplication("leaving-app");
    for (const a of [app, leaving]) {
      await world.subscribe(a.id, gone.id);
      await world.subscribe(a.id, kept.id);
    }
    const token = (await world.mintJwt({ clientId: app.productionClientId })).token;
    const leavingToken = (await world.mintJwt({ clientId: leaving.productionClientId })).token;
    await world.change("api");
    await eventually(async () =>
      expect((await call(`${gw.httpUrl}/kept/1.0.0/x`, { headers: bearer(token) })).status).toBe(200),
    );
    await gw.runtime.usage.flush();
    await world.db.usageCounter.deleteMany({});
    for (const path of ["/gone/1.0.0/x", "/kept/1.0.0/x"]) {
      expect((await call(`${gw.httpUrl}${path}`, { headers: bearer(token) })).status).toBe(200);
      expect((await call(`${gw.httpUrl}${path}`, { headers: bearer(leavingToken) })).status).toBe(200);
    }
    // deleted after the traffic, before its counts are written
    await world.db.api.delete({ where: { id: gone.id } });
    await world.db.application.delete({ where: { id: leaving.id } });
    warnings.length = 0;
    await gw.runtime.usage.flush();
    const dropped = warnings.filter((w) => /usage/i.test(w));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatch(/^warn: /);
    expect(dropped[0]).not.toMatch(/prisma|invocation|constraint/i);
    // nothing is kept for a retry: the next flushes write nothing and warn nothing
    warnings.length = 0;
    await gw.runtime.usage.flush();
    await gw.runtime.usage.flush();
    expect(warnings).toEqual([]);
    const rows = await world.db.usageCounter.findMany({ where: { apiId: kept.id } });
    expect(rows.map((r) => [r.applicationId, r.calls])).toEqual([[app.id, 1]]);
    expect(await world.db.usageCounter.count({ where: { apiId: gone.id } })).toBe(0);
  });
});
