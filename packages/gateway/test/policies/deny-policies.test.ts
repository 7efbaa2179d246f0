// Admin deny policies at the gateway, with a real backend: a call matching every condition of a
// rule is refused with 403 access_denied_by_policy before the backend and before throttling
// counts it; rules reach a running gateway through change events; an expired rule no longer
// blocks; a rule on an IP range reads the client behind trusted proxies only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { bearer, call, createWorld, eventually, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;
// the gateway's clock, moved by the expiry test; starts 10 s into an hour so no window rolls over
let now = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 10_000;
let pizza: string;
let kitchen: string;
let dana: { id: string; productionClientId: string };
let erin: { id: string; productionClientId: string };
let danaToken: string;
let erinToken: string;

beforeAll(async () => {
  // the tests' connections come from 127.0.0.1: a trusted proxy here
  world = await createWorld({ PORTICO_TRUSTED_PROXIES: "127.0.0.1" });
  const oneAMinute = await world.tier("OneAMinute", 1, 60, "API");
  pizza = (await world.createApi({ context: "/pizza", resources: [{ method: "GET", path: "/menu" }] })).id;
  kitchen = (
    await world.createApi({
      context: "/kitchen",
      throttlingTierId: oneAMinute,
      resources: [
        { method: "GET", path: "/ovens" },
        { method: "GET", path: "/open", authRequired: false },
      ],
    })
  ).id;
  dana = await world.createApplication("dana-app");
  erin = await world.createApplication("erin-app");
  for (const app of [dana, erin]) {
    await world.subscribe(app.id, pizza);
    await world.subscribe(app.id, kitchen);
  }
  danaToken = (await world.mintJwt({ clientId: dana.productionClientId, now })).token;
  erinToken = (
    await world.mintJwt({ clientId: erin.productionClientId, sub: "u-erin", username: "erin", now })
  ).token;
  gw = await world.start({ clock: () => now });
});

afterAll(async () => world?.close());

type Rule = {
  applicationId?: string;
  username?: string;
  ipRange?: string;
  apiId?: string;
  expiresAt?: Date;
};

/** Stores a rule and announces it as the admin operation does; resolves once the gateway refuses `probe`. */
async function deny(rule: Rule, probe: () => Promise<number>): Promise<string> {
  const { id } = await world.db.denyPolicy.create({ data: { ...rule, reason: "test" } });
  await world.change("settings", `deny-policy:${id}`);
  await eventually(async () => expect(await probe()).toBe(403));
  return id;
}

async function allow(id: string, probe: () => Promise<number>): Promise<void> {
  await world.db.denyPolicy.delete({ where: { id } });
  await world.change("settings", `deny-policy:${id}`);
  await eventually(async () => expect(await probe()).toBe(200));
}

const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  call(`${gw.httpUrl}${path}`, { headers: { ...(token ? bearer(token) : {}), ...headers } });
const status = (path: string, token?: string, headers?: Record<string, string>) => async () =>
  (await get(path, token, headers)).status;

describe("admin deny policies at the gateway", () => {
  it("blocks an application on every API, never reaching the backend, and lets it through once removed", async () => {
    expect((await get("/pizza/1.0.0/menu", danaToken)).status).toBe(200);
    const id = await deny({ applicationId: dana.id }, status("/pizza/1.0.0/menu", danaToken));
    world.upstream.seen.length = 0;
    const refused = await get("/pizza/1.0.0/menu", danaToken);
    expect(refused.status).toBe(403);
    expect(refused.json()).toMatchObject({ code: "access_denied_by_policy", message: "Forbidden" });
    expect(refused.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect((await get("/kitchen/1.0.0/open")).status).toBe(200); // no caller named: not this rule's
    world.upstream.seen.length = 0;
    expect((await get("/kitchen/1.0.0/ovens", danaToken)).status).toBe(403);
    expect(world.upstream.seen).toHaveLength(0);
    // another application is not blocked
    expect((await get("/pizza/1.0.0/menu", erinToken)).status).toBe(200);
    await allow(id, status("/pizza/1.0.0/menu", danaToken));
  });

  it("refuses before throttling counts: the blocked calls leave the API's one call a minute unspent", async () => {
    const id = await deny({ apiId: kitchen }, status("/kitchen/1.0.0/ovens", erinToken));
    // a fresh minute for the kitchen's API tier (the probe above may have spent the last one)
    now += 60_000;
    for (let i = 0; i < 3; i++) expect((await get("/kitchen/1.0.0/ovens", erinToken)).status).toBe(403);
    expect((await get("/kitchen/1.0.0/open")).status).toBe(403); // an API rule needs no caller
    expect((await get("/pizza/1.0.0/menu", erinToken)).status).toBe(200);
    await world.db.denyPolicy.delete({ where: { id } });
    await world.change("settings", `deny-policy:${id}`);
    // the first call after removal is the minute's one call: none of the refused ones counted
    const first = await eventually(async () => {
      const r = await get("/kitchen/1.0.0/ovens", erinToken);
      expect(r.status).not.toBe(403);
      return r.status;
    });
    expect(first).toBe(200);
    const next = await get("/kitchen/1.0.0/ovens", erinToken);
    expect(next.status).toBe(429);
    now += 60_000;
  });

  it("needs every condition of a rule: an application on one API only", async () => {
    const id = await deny(
      { applicationId: dana.id, apiId: kitchen },
      status("/kitchen/1.0.0/ovens", danaToken),
    );
    expect((await get("/pizza/1.0.0/menu", danaToken)).status).toBe(200);
    now += 60_000;
    expect((await get("/kitchen/1.0.0/ovens", erinToken)).status).toBe(200);
    await allow(id, async () => {
      now += 60_000;
      return (await get("/kitchen/1.0.0/ovens", danaToken)).status;
    });
  });

  it("blocks a user by username or by subject", async () => {
    const byName = await deny({ username: "erin" }, status("/pizza/1.0.0/menu", erinToken));
    expect((await get("/pizza/1.0.0/menu", danaToken)).status).toBe(200);
    await allow(byName, status("/pizza/1.0.0/menu", erinToken));
    const bySubject = await deny({ username: "u-erin" }, status("/pizza/1.0.0/menu", erinToken));
    await allow(bySubject, status("/pizza/1.0.0/menu", erinToken));
  });

  it("blocks an IPv4 or IPv6 range, reading the client behind a trusted proxy, never the hop a client wrote", async () => {
    const from = (address: string) => ({ "x-forwarded-for": address });
    const v4 = await deny(
      { ipRange: "203.0.113.0/24" },
      status("/pizza/1.0.0/menu", danaToken, from("203.0.113.7")),
    );
    expect((await get("/pizza/1.0.0/menu", danaToken, from("198.51.100.7"))).status).toBe(200);
    // the client wrote the blocked address itself, left of the address the proxy saw
    expect((await get("/pizza/1.0.0/menu", danaToken, from("203.0.113.7, 198.51.100.7"))).status).toBe(200);
    // a blocked client cannot hide behind an address it adds on the right either
    expect((await get("/pizza/1.0.0/menu", danaToken, from("198.51.100.7, 203.0.113.7"))).status).toBe(403);
    await allow(v4, status("/pizza/1.0.0/menu", danaToken, from("203.0.113.7")));
    const v6 = await deny(
      { ipRange: "2001:db8::/32" },
      status("/pizza/1.0.0/menu", danaToken, from("2001:db8:1::9")),
    );
    expect((await get("/pizza/1.0.0/menu", danaToken, from("2001:db9::9"))).status).toBe(200);
    await allow(v6, status("/pizza/1.0.0/menu", danaToken, from("2001:db8:1::9")));
  });

  it("stops blocking when the rule expires, without a reload", async () => {
    const expiresAt = new Date(now + 30_000);
    const id = await deny({ applicationId: erin.id, expiresAt }, status("/pizza/1.0.0/menu", erinToken));
    now = expiresAt.getTime() - 1;
    expect((await get("/pizza/1.0.0/menu", erinToken)).status).toBe(403);
    now = expiresAt.getTime();
    expect((await get("/pizza/1.0.0/menu", erinToken)).status).toBe(200);
    await world.db.denyPolicy.delete({ where: { id } });
  });

  it("treats a stored range that no longer parses as every address (fail closed), narrowed by the other conditions", async () => {
    const id = await deny({ ipRange: "not-an-address", apiId: kitchen }, async () => {
      now += 60_000;
      return (await get("/kitchen/1.0.0/ovens", danaToken)).status;
    });
    expect((await get("/pizza/1.0.0/menu", danaToken)).status).toBe(200);
    await allow(id, async () => {
      now += 60_000;
      return (await get("/kitchen/1.0.0/ovens", danaToken)).status;
    });
  });
});
