import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, call, createWorld, eventually, GATEWAY_URL, ISSUER, type World } from "./fixtures";

let world: World;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => world.close());

describe("the gateway service on all cores", () => {
  it("starts one worker per core from main.ts, shares throttling counters among them and merges metrics", async () => {
    // A day-long window: the count cannot straddle a window boundary during the test.
    const tier = await world.tier("Ten a day", 10, 86_400);
    const { id } = await world.createApi({
      context: "/clustered",
      resources: [{ method: "GET", path: "/x" }],
    });
    const app = await world.createApplication("cluster-app");
    await world.subscribe(app.id, id, tier);
    const { token, jti } = await world.mintJwt({ clientId: app.productionClientId });

    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const { REDIS_URL: _ignored, ...inherited } = process.env;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "../src/main.ts")],
      {
        env: {
          ...inherited,
          // Round-robin, so both workers certainly serve some of the calls below: what is tested
          // is that they share one set of counters (by default the kernel picks the worker).
          NODE_CLUSTER_SCHED_POLICY: "rr",
          DATABASE_URL: world.settings.databaseUrl,
          PORTICO_DATA_DIR: world.dir,
          PORTICO_ISSUER: ISSUER,
          PORTICO_GATEWAY_URL: GATEWAY_URL,
          PORTICO_MASTER_KEY: world.settings.PORTICO_MASTER_KEY ?? "",
          PORTICO_BACKEND_ALLOW: world.settings.PORTICO_BACKEND_ALLOW ?? "",
          PORTICO_GATEWAY_HTTP_PORT: String(httpPort),
          PORTICO_GATEWAY_HTTPS_PORT: String(httpsPort),
          PORTICO_HOST: "127.0.0.1",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let workersLine = "";
    let made = 0;
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        let err = "";
        child.stdout.on("data", (c: Buffer) => {
          out += c.toString();
          const l = out.split("\n").find((x) => x.startsWith("gateway listening on"));
          if (l && out.includes("worker")) {
            workersLine = out.split("\n").find((x) => x.includes("worker")) ?? "";
            resolve(l);
          }
        });
        child.stderr.on("data", (c: Buffer) => {
          err += c.toString();
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${err}`)));
      });
      expect(line).toBe(
        `gateway listening on https://127.0.0.1:${httpsPort} and http://127.0.0.1:${httpPort}`,
      );
      expect(workersLine).toBe(
        `gateway: ${availableParallelism()} workers, throttling counters shared through the primary`,
      );
      const base = `http://127.0.0.1:${httpPort}/clustered/1.0.0/x`;
      const callApi = () => {
        made += 1;
        return call(base, { headers: { ...bearer(token), connection: "close" } });
      };
      const statuses = await Promise.all(Array.from({ length: 30 }, async () => (await callApi()).status));
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(20);
      const metrics = (await call(`http://127.0.0.1:${httpPort}/_portico/metrics`)).text;
      expect(metrics).toContain('portico_gateway_requests_total{api="/clustered/1.0.0",status="200"} 10');
      expect(metrics).toContain('portico_gateway_requests_total{api="/clustered/1.0.0",status="429"} 20');
      // every worker's latency histogram is merged into one per API
      expect(metrics).toContain('portico_gateway_request_duration_seconds_count{api="/clustered/1.0.0"} 30');
      expect(metrics).toContain(
        'portico_gateway_request_duration_seconds_bucket{api="/clustered/1.0.0",le="+Inf"} 30',
      );
      // the primary follows change events and hands them to every worker
      const started = Date.now();
      await world.revoke(jti);
      await eventually(async () => {
        const answers = await Promise.all(Array.from({ length: 6 }, async () => (await callApi()).status));
        expect(answers).toEqual([401, 401, 401, 401, 401, 401]);
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
    }
    expect(child.exitCode).toBe(0);
    // every call was counted once: workers hand their counts to the primary, which writes them on the way out
    const rows = await world.db.usageCounter.findMany({ where: { apiId: id } });
    expect(rows.reduce((n, r) => n + r.calls, 0)).toBe(made);
    const sum = (field: "throttled" | "denied") => rows.reduce((n, r) => n + r[field], 0);
    // 20 throttled before the revocation, more while it travelled; then 401s
    expect(sum("throttled")).toBeGreaterThanOrEqual(20);
    expect(sum("denied")).toBeGreaterThanOrEqual(6);
    expect(sum("throttled") + sum("denied") + 10).toBe(made);
  }, 40_000);
});
