import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { bearer, call, createWorld, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;
let token: string;

const setHeader = (name: string, value: string) => ({
  policy: "header-mediation",
  config: { headers: [{ action: "set", name, value }] },
});

beforeAll(async () => {
  world = await createWorld();
  const app = await world.createApplication("mediated");
  const apis = await Promise.all([
    world.createApi({
      context: "/mediated",
      gatewayPolicies: [
        {
          policy: "header-mediation",
          config: {
            headers: [
              { action: "set", name: "X-User", value: "{claims.sub}@{claims.org}" },
              { action: "remove", name: "Cookie" },
              { action: "rename", name: "X-Legacy", to: "X-Modern" },
            ],
            query: [{ action: "rename", name: "q", to: "search" }],
          },
        },
        { ...setHeader("X-Step", "resource"), resource: { method: "GET", path: "/orders/{id}" } },
      ],
      resources: [
        { method: "GET", path: "/orders" },
        { method: "GET", path: "/orders/{id}" },
        { method: "GET", path: "/open", authRequired: false },
      ],
    }),
    // the same two steps in the other order: the later one wins, so the order is the publisher's
    world.createApi({
      context: "/ordered",
      gatewayPolicies: [
        { ...setHeader("X-Step", "resource"), resource: { method: "GET", path: "/x" } },
        setHeader("X-Step", "api"),
      ],
      resources: [{ method: "GET", path: "/x" }],
    }),
    // a stored attachment that no longer validates (edited by hand, or a removed policy)
    world.createApi({
      context: "/broken",
      gatewayPolicies: [setHeader("Content-Length", "0")],
      resources: [{ method: "GET", path: "/x", authRequired: false }],
    }),
    world.createApi({
      context: "/unknown",
      gatewayPolicies: [{ policy: "no-such-policy", config: {} }],
      resources: [{ method: "GET", path: "/x", authRequired: false }],
    }),
  ]);
  for (const api of apis) await world.subscribe(app.id, api.id);
  token = (await world.mintJwt({ clientId: app.productionClientId, sub: "ann", claims: { org: "acme" } }))
    .token;
  gw = await world.start();
});

afterAll(async () => world.close());

async function reaching(url: string, headers: Record<string, string> = {}) {
  world.upstream.seen.length = 0;
  const r = await call(url, { headers });
  expect(r.status).toBe(200);
  const seen = world.upstream.seen[0];
  if (!seen) throw new Error("the backend was not called");
  return seen;
}

describe("header-mediation policy at the gateway", () => {
  it("sets headers from the caller's claims over what the caller sent, removes and renames", async () => {
    const seen = await reaching(`${gw.httpUrl}/mediated/1.0.0/orders?q=pizza&page=2`, {
      ...bearer(token),
      "x-user": "admin@evil",
      cookie: "session=secret",
      "x-legacy": "v1",
    });
    expect(seen.headers["x-user"]).toBe("ann@acme");
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers["x-legacy"]).toBeUndefined();
    expect(seen.headers["x-modern"]).toBe("v1");
    expect(seen.url).toBe("/orders?page=2&search=pizza");
    // attached to another resource: not applied here
    expect(seen.headers["x-step"]).toBeUndefined();
  });

  it("applies a resource's attachment to that resource only", async () => {
    const seen = await reaching(`${gw.httpUrl}/mediated/1.0.0/orders/7`, bearer(token));
    expect(seen.headers["x-step"]).toBe("resource");
    expect(seen.headers["x-user"]).toBe("ann@acme");
  });

  it("never lets a caller without a token pre-fill a claim header", async () => {
    const seen = await reaching(`${gw.httpUrl}/mediated/1.0.0/open`, { "x-user": "ann@acme" });
    expect(seen.headers["x-user"]).toBeUndefined();
  });

  it("runs the steps in the order the publisher chose", async () => {
    const seen = await reaching(`${gw.httpUrl}/ordered/1.0.0/x`, bearer(token));
    expect(seen.headers["x-step"]).toBe("api");
  });

  it.each(["broken", "unknown"])(
    "refuses calls to an API whose stored policy no longer validates (%s), without calling the backend",
    async (context) => {
      world.upstream.seen.length = 0;
      const r = await call(`${gw.httpUrl}/${context}/1.0.0/x`);
      expect(r.status).toBe(503);
      expect(r.json().code).toBe("policy_unavailable");
      expect(world.upstream.seen).toHaveLength(0);
    },
  );
});
