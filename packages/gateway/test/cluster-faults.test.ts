// Faults under load on the scale-out topology (nginx, two gateways, two key managers), with a
// bounded autocannon loop through the balancer while each fault happens. Redis and PostgreSQL are
// the test's own (cluster-postgres.ts), never the machine's shared servers. Each test prints one
// `fault:` line with its error counts and recovery time (the README's scale-out table).
import autocannon from "autocannon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OwnPostgres, startOwnPostgres } from "./cluster-postgres";
import { createSubscriber, startTopology, type Topology } from "./cluster-topology-fixture";

let pgServer: OwnPostgres;
let t: Topology;
let client: { clientId: string; secret: string };
let token = "";

const basic = () => `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`;

beforeAll(async () => {
  pgServer = await startOwnPostgres();
  t = await startTopology({ postgresUrl: pgServer.url });
  const owner = await t.db.user.create({ data: { username: "faults-publisher" } });
  const tier = await t.db.throttlingTier.create({
    // a limit the load never reaches, so every call is counted (in Redis, or locally without it)
    data: { name: "FaultsCounted", level: "SUBSCRIPTION", requestCount: 1_000_000_000, unitSeconds: 60 },
  });
  const api = await t.db.api.create({
    data: {
      name: "Faults",
      version: "1.0.0",
      context: "/faults",
      state: "PUBLISHED",
      transports: ["http", "https"],
      productionEndpoint: t.upstream.url,
      ownerId: owner.id,
    },
  });
  await t.db.resource.create({ data: { apiId: api.id, method: "GET", pathTemplate: "/x" } });
  client = await createSubscriber(t.db, api.id, tier.id);
  await t.announce({ topic: "api", entityId: api.id });
  token = await issueToken(t.keyManagers[0]?.url ?? "").then((r) => r.token);
  for (const gw of t.gateways) await until(async () => (await call(gw.url)) === 200, 10_000);
}, 170_000);

afterAll(async () => {
  await t?.close();
  await pgServer?.close();
}, 60_000);

async function issueToken(keyManager: string): Promise<{ status: number; token: string; ms: number }> {
  const started = Date.now();
  const answer = await t.fetch(`${keyManager}/oauth2/token`, {
    method: "POST",
    headers: { authorization: basic(), "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  const body = (await answer.json().catch(() => ({}))) as { access_token?: string };
  return { status: answer.status, token: body.access_token ?? "", ms: Date.now() - started };
}

async function call(base: string): Promise<number> {
  const answer = await t.fetch(`${base}/faults/1.0.0/x`, { headers: { authorization: `Bearer ${token}` } });
  await answer.arrayBuffer();
  return answer.status;
}

/** Milliseconds until `check` holds (polled every 50 ms); throws after `ms`. */
async function until(check: () => Promise<boolean>, ms: number): Promise<number> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Load {
  total: number;
  failed: number;
}

/** A bounded load loop through the balancer for `seconds`, while `during` runs. */
async function underLoad(seconds: number, during: () => Promise<void>): Promise<Load> {
  const load = autocannon({
    url: `${t.balancer}/faults/1.0.0/x`,
    connections: 8,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  }) as Promise<{ requests: { total: number }; non2xx: number; errors: number; timeouts: number }>;
  await during();
  const r = await load;
  return { total: r.requests.total, failed: r.non2xx + r.errors + r.timeouts };
}

const report = (fault: string, figures: Record<string, number | string>) =>
  process.stdout.write(
    `fault: ${fault}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ")}\n`,
  );

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("faults under load", () => {
  it("Redis stops: calls keep passing, throttling counts locally (logged once per gateway), and Redis is used again when back", async () => {
    const logsBefore = t.gateways.map((g) => g.service.output.length);
    let recoveredMs = 0;
    const load = await underLoad(8, async () => {
      await sleep(1_500);
      await t.redis.stop("SIGTERM");
      await sleep(2_500);
      const restarted = Date.now();
      await t.redis.start();
      await until(
        async () =>
          t.gateways.every((g, i) => g.service.output.slice(logsBefore[i]).includes("Redis answers again")),
        8_000,
      );
      recoveredMs = Date.now() - restarted;
    });
    for (const [i, g] of t.gateways.entries()) {
      const logged = g.service.output.slice(logsBefore[i]);
      expect(count(logged, "Redis unavailable, counting in this process")).toBe(1);
      expect(count(logged, "Redis answers again")).toBe(1);
    }
    report("redis stopped", { calls: load.total, failed: load.failed, recovery_ms: recoveredMs });
    expect(load.total).toBeGreaterThan(100);
    expect(load.failed / load.total).toBeLessThan(0.001);
  }, 60_000);

  it("PostgreSQL restarts: gateways keep serving cached configuration and JWTs; token issuance fails fast with 503 and recovers by itself", async () => {
    let whileDown = { status: 0, ms: 0 };
    let recoveryMs = 0;
    const load = await underLoad(10, async () => {
      await sleep(1_500);
      await pgServer.stop();
      whileDown = await issueToken(t.keyManagers[1]?.url ?? "");
      await sleep(2_000);
      await pgServer.start();
      const started = Date.now();
      await until(async () => (await issueToken(t.issuer)).status === 200, 20_000);
      recoveryMs = Date.now() - started;
    });
    report("postgresql restarted", {
      calls: load.total,
      failed: load.failed,
      token_while_down: whileDown.status,
      token_answer_ms: whileDown.ms,
      token_recovery_ms: recoveryMs,
    });
    expect(whileDown.status).toBe(503);
    expect(whileDown.ms).toBeLessThan(2_000);
    expect(load.total).toBeGreaterThan(100);
    expect(load.failed / load.total).toBeLessThan(0.001);
    // both key managers issue again, without a restart
    for (const km of t.keyManagers) expect((await issueToken(km.url)).status).toBe(200);
  }, 90_000);

  it("a gateway is killed: the balancer's retries keep errors under 0.1%, and it serves again once restarted", async () => {
    const victim = t.gateways[0];
    if (!victim) throw new Error("no gateway");
    let backMs = 0;
    const load = await underLoad(8, async () => {
      await sleep(2_000);
      await victim.service.stop("SIGKILL");
      await sleep(2_000);
      const restarted = Date.now();
      await victim.service.start();
      await until(async () => (await call(victim.url)) === 200, 20_000);
      backMs = Date.now() - restarted;
    });
    report("gateway killed", { calls: load.total, failed: load.failed, restart_to_serving_ms: backMs });
    expect(load.total).toBeGreaterThan(100);
    expect(load.failed / load.total).toBeLessThan(0.001);
  }, 60_000);

  it("the backend stops: callers get 502 in the gateway's error shape at once, and the gateways stay up", async () => {
    await t.upstream.close();
    const started = Date.now();
    const answer = await t.fetch(`${t.balancer}/faults/1.0.0/x`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const elapsed = Date.now() - started;
    const body = (await answer.json()) as { code?: string; description?: string };
    report("backend stopped", { status: answer.status, answer_ms: elapsed });
    expect([502, 503]).toContain(answer.status);
    expect(typeof body.code).toBe("string");
    expect(JSON.stringify(body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at \w+ \(/);
    expect(elapsed).toBeLessThan(2_000);
    for (const gw of t.gateways) expect((await t.fetch(`${gw.url}/_portico/live`)).status).toBe(200);
  });
});
