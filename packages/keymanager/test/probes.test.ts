// What an orchestrator and an operator see of the key manager: liveness and readiness on its own
// port, an X-Request-ID on every answer, and a stop that finishes the call in flight.
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { connect } from "node:net";
import path from "node:path";
import { createDb } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUnavailable, isDatabaseUnavailable } from "../src/http/database-unavailable";
import { type Platform, startPlatform } from "./fixture";

let p: Platform;

beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => p.close());

describe("liveness and readiness", () => {
  it("answers /_portico/live and /_portico/ready on its own port, not cached", async () => {
    const live = await p.fetch(`${p.km.url}/_portico/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "UP" });
    const ready = await p.fetch(`${p.km.url}/_portico/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "READY" });
    expect(ready.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses POST on the probes with 405 and Allow", async () => {
    const answer = await p.fetch(`${p.km.url}/_portico/ready`, { method: "POST", body: "" });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("GET");
  });

  it("is not ready while draining, and live all the same", async () => {
    p.km.keyManager.lifecycle.draining = true;
    try {
      const ready = await p.fetch(`${p.km.url}/_portico/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "DRAINING" });
      expect((await p.fetch(`${p.km.url}/_portico/live`)).status).toBe(200);
    } finally {
      p.km.keyManager.lifecycle.draining = false;
    }
  });
});

describe("X-Request-ID", () => {
  it("sends back a caller's well-formed id, on errors too", async () => {
    const answer = await p.fetch(`${p.km.url}/oauth2/token`, {
      method: "POST",
      headers: { "x-request-id": "gw-7f3a", "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=unknown",
    });
    expect(answer.status).toBe(400);
    expect(answer.headers.get("x-request-id")).toBe("gw-7f3a");
  });

  it("makes its own for a caller without one or with one that could forge a log line", async () => {
    const without = await p.fetch(`${p.km.url}/_portico/live`);
    expect(without.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const forged = await p.fetch(`${p.km.url}/_portico/live`, {
      headers: { "x-request-id": 'a","level":"error' },
    });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("stopping", () => {
  it("answers the call in flight, then refuses new connections; it marks itself draining meanwhile", async () => {
    const own = await startPlatform();
    const ca = readFileSync(path.join(own.dataDir, "tls", "ca.pem"), "utf8");
    const url = new URL(`${own.km.url}/oauth2/token`);
    // a token request whose body is still arriving when the stop begins
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: "POST",
          ca,
          agent: false,
          headers: { "content-type": "application/x-www-form-urlencoded", "content-length": "18" },
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => {
            body += c;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.write("grant_type=");
      setTimeout(() => req.end("unknown"), 800);
    });
    await new Promise((r) => setTimeout(r, 200));
    const stopped = own.close();
    expect(own.km.keyManager.lifecycle.draining).toBe(true);
    const answer = await answered;
    // answered by the endpoint (an RFC 6749 error), not cut off by the stop
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toBe("unsupported_grant_type");
    await stopped;
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(own.km.port, "localhost");
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
  });
});

describe("a database that cannot be reached", () => {
  it("is recognised from the real driver's failure, and told apart from other failures", async () => {
    const unreachable = createDb("postgresql://postgres@127.0.0.1:1/portico_unreachable");
    const failure = await unreachable.keyManager.count().then(
      () => undefined,
      (error: unknown) => error,
    );
    await unreachable.$disconnect().catch(() => undefined);
    expect(failure).toBeDefined();
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect(isDatabaseUnavailable(new TypeError("x is not a function"))).toBe(false);
    const answer = databaseUnavailable(failure);
    expect(answer).toMatchObject({ status: 503, error: "temporarily_unavailable" });
    expect(answer.headers["Retry-After"]).toBe("1");
    // nothing of the driver's message (host, port, database) reaches the caller
    expect(answer.description).not.toMatch(/127\.0\.0\.1|portico_unreachable|ECONNREFUSED/);
  });
});
