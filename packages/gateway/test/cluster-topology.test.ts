// The README's scale-out promise, shown on the real topology: nginx balancing two gateways and
// two key managers, on PostgreSQL and Redis (see cluster-topology-fixture.ts). Bounded: the
// whole file runs in well under three minutes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSubscriber, startTopology, type Topology } from "./cluster-topology-fixture";

let t: Topology;
let apiId: string;
let unlimitedTier: string;

beforeAll(async () => {
  t = await startTopology();
  const owner = await t.db.user.create({ data: { username: "cluster-publisher" } });
  unlimitedTier = (
    await t.db.throttlingTier.create({
      data: { name: "ClusterUnlimited", level: "SUBSCRIPTION", requestCount: null, unitSeconds: 60 },
    })
  ).id;
  const api = await t.db.api.create({
    data: {
      name: "Cluster",
      version: "1.0.0",
      context: "/cluster",
      state: "PUBLISHED",
      transports: ["http", "https"],
      productionEndpoint: t.upstream.url,
      ownerId: owner.id,
    },
  });
  apiId = api.id;
  await t.db.resource.create({ data: { apiId, method: "GET", pathTemplate: "/x" } });
  await t.announce({ topic: "api", entityId: apiId });
}, 150_000);

afterAll(async () => {
  await t?.close();
}, 60_000);

/** A client_credentials token from one key manager, asked directly (not through the balancer). */
async function tokenFrom(keyManager: string, client: { clientId: string; secret: string }): Promise<string> {
  const answer = await t.fetch(`${keyManager}/oauth2/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  const body = (await answer.json()) as { access_token?: string };
  expect(answer.status, JSON.stringify(body)).toBe(200);
  return body.access_token ?? "";
}

async function statusAt(gateway: string, token: string): Promise<number> {
  const answer = await t.fetch(`${gateway}/cluster/1.0.0/x`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await answer.arrayBuffer();
  return answer.status;
}

/** Milliseconds until `check` holds at every gateway (polled every 25 ms, up to `ms`). */
async function timeUntilAll(check: (gateway: string) => Promise<boolean>, ms = 5_000): Promise<number> {
  const started = Date.now();
  const pending = new Set(t.gateways.map((g) => g.url));
  while (pending.size > 0 && Date.now() - started < ms) {
    for (const url of [...pending]) if (await check(url)) pending.delete(url);
    if (pending.size) await new Promise((r) => setTimeout(r, 25));
  }
  if (pending.size) throw new Error(`not reached within ${ms} ms: ${[...pending].join(", ")}`);
  return Date.now() - started;
}

describe("two gateways and two key managers behind nginx, on PostgreSQL and Redis", () => {
  it("accepts a token from either key manager at both gateways, and through the balancer", async () => {
    const client = await createSubscriber(t.db, apiId, unlimitedTier);
    await t.announce({ topic: "subscription" });
    const tokens = await Promise.all(t.keyManagers.map((km) => tokenFrom(km.url, client)));
    await timeUntilAll(async (gw) => (await statusAt(gw, tokens[0] ?? "")) === 200);
    for (const token of tokens)
      for (const gw of t.gateways) expect(await statusAt(gw.url, token), `${gw.url}`).toBe(200);
    // the issuer is the balancer: a token asked through it works everywhere too
    const viaBalancer = await tokenFrom(t.issuer, client);
    expect(await statusAt(t.balancer, viaBalancer)).toBe(200);
    for (const gw of t.gateways) expect(await statusAt(gw.url, viaBalancer)).toBe(200);
  });

  it("counts throttling exactly across both gateways (20 a minute, wherever the calls land)", async () => {
    const tier = await t.db.throttlingTier.create({
      data: { name: "ClusterTwenty", level: "SUBSCRIPTION", requestCount: 20, unitSeconds: 60 },
    });
    const client = await createSubscriber(t.db, apiId, tier.id);
    await t.announce({ topic: "subscription" });
    const token = await tokenFrom(t.keyManagers[0]?.url ?? "", client);
    // until a gateway knows the subscription it answers 403, which counts nothing; each spends
    // one call of the quota on its first 200
    await timeUntilAll(async (gw) => (await statusAt(gw, token)) === 200);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push(await statusAt(t.gateways[i % 2]?.url ?? "", token));
    expect(statuses.filter((s) => s === 200)).toHaveLength(18);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12);
    // the first 18 passed and every later one was refused, at both gateways alike
    expect(statuses.slice(0, 18).every((s) => s === 200)).toBe(true);
  });
  it("a revocation at one key manager reaches both gateways within 2 s", async () => {
    const client = await createSubscriber(t.db, apiId, unlimitedTier);
    await t.announce({ topic: "subscription" });
    const token = await tokenFrom(t.keyManagers[0]?.url ?? "", client);
    await timeUntilAll(async (gw) => (await statusAt(gw, token)) === 200);
    const revoked = await t.fetch(`${t.keyManagers[1]?.url}/oauth2/revoke`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(revoked.status).toBe(200);
    const took = await timeUntilAll(async (gw) => (await statusAt(gw, token)) === 401);
    expect(took).toBeLessThan(2_000);
  });

  it("a configuration change (the API blocked, then unblocked) reaches both gateways within 2 s", async () => {
    const client = await createSubscriber(t.db, apiId, unlimitedTier);
    await t.announce({ topic: "subscription" });
    const token = await tokenFrom(t.keyManagers[1]?.url ?? "", client);
    await timeUntilAll(async (gw) => (await statusAt(gw, token)) === 200);
    await t.db.api.update({ where: { id: apiId }, data: { state: "BLOCKED" } });
    await t.announce({ topic: "api", entityId: apiId });
    expect(await timeUntilAll(async (gw) => (await statusAt(gw, token)) === 503)).toBeLessThan(2_000);
    await t.db.api.update({ where: { id: apiId }, data: { state: "PUBLISHED" } });
    await t.announce({ topic: "api", entityId: apiId });
    expect(await timeUntilAll(async (gw) => (await statusAt(gw, token)) === 200)).toBeLessThan(2_000);
  });
});
