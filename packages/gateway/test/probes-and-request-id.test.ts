// What an orchestrator and an operator see of a gateway: liveness and readiness on its own port,
// a request id that follows each call to the backend and back, and one JSON object per log line.
import { createDb } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { jsonLog } from "../src/observability/json-log";
import { Readiness } from "../src/observability/readiness";
import { bearer, call, createWorld, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let token: string;

beforeAll(async () => {
  world = await createWorld();
  const api = await world.createApi({
    context: "/ids",
    resources: [{ method: "GET", path: "/x" }],
  });
  const app = await world.createApplication("ids-app");
  await world.subscribe(app.id, api.id);
  ({ token } = await world.mintJwt({ clientId: app.productionClientId }));
  gw = await world.start();
});
afterAll(async () => {
  await world.close();
});

describe("liveness and readiness", () => {
  it("answers /_portico/live and /_portico/ready on the gateway's own port, next to /_portico/health", async () => {
    const live = await call(`${gw.httpUrl}/_portico/live`);
    expect(live.status).toBe(200);
    expect(live.json()).toEqual({ status: "UP" });
    const ready = await call(`${gw.httpUrl}/_portico/ready`);
    expect(ready.status).toBe(200);
    expect(ready.json()).toMatchObject({ status: "READY" });
    expect(ready.headers["cache-control"]).toBe("no-store");
    expect((await call(`${gw.httpUrl}/_portico/health`)).status).toBe(200);
  });

  it("refuses other methods on the probes with 405 and the Allow header", async () => {
    const answer = await call(`${gw.httpUrl}/_portico/ready`, { method: "POST", body: "{}" });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("GET, HEAD");
  });

  it("is not ready while its database does not answer, and says why", async () => {
    // a PostgreSQL address nothing listens on: the real driver's refusal, not a stand-in
    const unreachable = createDb("postgresql://postgres@127.0.0.1:1/portico_unreachable");
    const readiness = new Readiness(unreachable);
    const answer = await readiness.check(Date.now());
    expect(answer).toEqual({ status: 503, body: { status: "UNAVAILABLE", reason: "database" } });
    await unreachable.$disconnect().catch(() => undefined);
  });

  it("is not ready before its configuration is loaded, nor once it drains for a stop", async () => {
    const readiness = new Readiness(world.db);
    expect((await readiness.check(undefined)).body).toMatchObject({ reason: "configuration" });
    expect((await readiness.check(Date.now())).status).toBe(200);
    readiness.draining = true;
    expect(await readiness.check(Date.now())).toEqual({ status: 503, body: { status: "DRAINING" } });
  });

  it("one database round trip answers a burst of probes (a probe flood does not load the database)", async () => {
    let clock = 1_000_000;
    let queries = 0;
    // the real client, with its round trips counted
    const counted = new Proxy(world.db, {
      get(target, property, receiver) {
        if (property !== "$queryRawUnsafe") return Reflect.get(target, property, receiver);
        return (sql: string) => {
          queries += 1;
          return target.$queryRawUnsafe(sql);
        };
      },
    });
    const readiness = new Readiness(counted, () => clock);
    const burst = await Promise.all(Array.from({ length: 50 }, () => readiness.check(Date.now())));
    expect(burst.every((a) => a.status === 200)).toBe(true);
    expect(queries).toBe(1);
    clock += 1_500;
    expect((await readiness.check(Date.now())).status).toBe(200);
    expect(queries).toBe(2);
  });
});

describe("X-Request-ID", () => {
  it("keeps a caller's well-formed id: the backend gets it and the caller gets it back", async () => {
    const id = "c0ffee-42.req:1_a";
    const answer = await call(`${gw.httpUrl}/ids/1.0.0/x`, {
      headers: { ...bearer(token), "x-request-id": id },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers["x-request-id"]).toBe(id);
    expect(world.upstream.seen.at(-1)?.headers["x-request-id"]).toBe(id);
  });

  it("replaces an id that could forge a header or a log line with its own, the same one on both sides", async () => {
    const hostile = 'x","level":"error';
    const answer = await call(`${gw.httpUrl}/ids/1.0.0/x`, {
      headers: { ...bearer(token), "x-request-id": hostile },
    });
    expect(answer.status).toBe(200);
    const own = answer.headers["x-request-id"];
    expect(own).toMatch(/^[0-9a-f-]{36}$/);
    expect(world.upstream.seen.at(-1)?.headers["x-request-id"]).toBe(own);
  });

  it("makes one for a caller without, distinct per call", async () => {
    const a = await call(`${gw.httpUrl}/ids/1.0.0/x`, { headers: bearer(token) });
    const b = await call(`${gw.httpUrl}/ids/1.0.0/x`, { headers: bearer(token) });
    expect(a.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers["x-request-id"]).not.toBe(a.headers["x-request-id"]);
  });

  it("is on refusals too (no token, unknown API), so a caller can quote it", async () => {
    const unauthenticated = await call(`${gw.httpUrl}/ids/1.0.0/x`, { headers: { "x-request-id": "r-401" } });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers["x-request-id"]).toBe("r-401");
    const unknown = await call(`${gw.httpUrl}/nothing/here`, { headers: { "x-request-id": "r-404" } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers["x-request-id"]).toBe("r-404");
  });

  it("sends back one id even when the backend answers with its own X-Request-ID", async () => {
    world.upstream.respond = (_seen, res) => {
      res.writeHead(200, { "content-type": "text/plain", "x-request-id": "backend-made" });
      res.end("ok");
    };
    try {
      const answer = await call(`${gw.httpUrl}/ids/1.0.0/x`, {
        headers: { ...bearer(token), "x-request-id": "mine" },
      });
      expect(answer.status).toBe(200);
      expect(answer.headers["x-request-id"]).toBe("mine");
    } finally {
      delete world.upstream.respond;
    }
  });
});

describe("JSON log lines", () => {
  it("writes one JSON object per event with time, level, service, message, error and fields", () => {
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => {
      lines.push(chunk);
      return true;
    }) as typeof process.stderr.write;
    try {
      jsonLog("warn", "throttling counters unavailable", new Error("connect ECONNREFUSED"), {
        requestId: "r-1",
      });
      jsonLog("info", 'a message with "quotes"\nand a newline');
    } finally {
      process.stderr.write = write;
    }
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.endsWith("\n") && !line.slice(0, -1).includes("\n")).toBe(true);
    const first = JSON.parse(lines[0] ?? "");
    expect(first).toMatchObject({
      level: "warn",
      service: "gateway",
      message: "throttling counters unavailable",
      error: "Error",
      errorMessage: "connect ECONNREFUSED",
      requestId: "r-1",
    });
    expect(Number.isNaN(Date.parse(first.at))).toBe(false);
    expect(JSON.parse(lines[1] ?? "").message).toBe('a message with "quotes"\nand a newline');
  });
});
