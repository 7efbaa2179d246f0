import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionPrincipal } from "../src/auth/principal";
import { buildOperationContext, listGatewayPolicyUsage } from "../src/index";
import { GATEWAY, ISSUER } from "./fixtures";
import { startPublisherApi } from "./publisher-server";

let api: Awaited<ReturnType<typeof startPublisherApi>>;
let id: string;

beforeAll(async () => {
  api = await startPublisherApi({ pat: ["publisher"] });
  const created = await api.call("POST", "/apis", "pat", {
    name: "Resilient",
    version: "1.0.0",
    context: "/resilient",
    endpoints: { production: "http://127.0.0.1:9/resilient" },
    resources: [{ method: "GET", path: "/orders" }],
  });
  expect(created.status).toBe(201);
  id = created.body.id;
});
afterAll(() => api.close());

const stored = async () => (await api.db.api.findUniqueOrThrow({ where: { id } })).gatewayPolicies;

describe("publisher REST API: response-phase and timeout policies", () => {
  it("stores them with their defaults filled in", async () => {
    const changed = await api.call("PUT", `/apis/${id}`, "pat", {
      gatewayPolicies: [
        { policy: "circuit-breaker" },
        { policy: "response-cache", resource: { method: "GET", path: "/orders" }, config: { ttlSeconds: 5 } },
        { policy: "backend-timeout", config: { connectTimeoutMs: 1_000 } },
      ],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.gatewayPolicies).toEqual([
      {
        policy: "circuit-breaker",
        config: { failureThreshold: 5, windowSeconds: 30, openSeconds: 30, halfOpenProbes: 1 },
      },
      {
        policy: "response-cache",
        resource: { method: "GET", path: "/orders" },
        config: {
          ttlSeconds: 5,
          varyHeaders: [],
          maxEntryBytes: 1024 * 1024,
          maxTotalBytes: 16 * 1024 * 1024,
          cacheAuthenticated: false,
        },
      },
      { policy: "backend-timeout", config: { responseTimeoutMs: 10_000, connectTimeoutMs: 1_000 } },
    ]);
  });

  it.each([
    ["circuit-breaker", { failureThreshold: 0 }, "gatewayPolicies.0.config.failureThreshold"],
    ["circuit-breaker", { halfOpenProbes: 1_000 }, "gatewayPolicies.0.config.halfOpenProbes"],
    ["response-cache", { ttlSeconds: -1 }, "gatewayPolicies.0.config.ttlSeconds"],
    ["response-cache", { varyHeaders: ["a b"] }, "gatewayPolicies.0.config.varyHeaders.0"],
    [
      "response-cache",
      { maxEntryBytes: 8 * 1024 * 1024, maxTotalBytes: 1024 * 1024 },
      "gatewayPolicies.0.config.maxEntryBytes",
    ],
    ["response-cache", { cacheAuthenticated: 1 }, "gatewayPolicies.0.config.cacheAuthenticated"],
    ["backend-timeout", { connectTimeoutMs: 10 }, "gatewayPolicies.0.config.connectTimeoutMs"],
    ["request-validation", { responses: "block" }, "gatewayPolicies.0.config.responses"],
  ])("refuses %s %j with 400 naming the field, and stores nothing", async (policy, config, field) => {
    const before = await stored();
    const bad = await api.call("PUT", `/apis/${id}`, "pat", { gatewayPolicies: [{ policy, config }] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await stored()).toEqual(before);
  });
});

describe("gateway policy catalog: response-phase policies", () => {
  it("offers them as attachable, like the request-phase ones", async () => {
    const admin = buildOperationContext(
      { db: api.db, issuer: ISSUER, gatewayUrl: GATEWAY },
      sessionPrincipal({ id: "x", username: "admin", roles: ["admin"] }),
    );
    const byName = new Map((await listGatewayPolicyUsage(admin)).map((p) => [p.name, p]));
    expect(byName.get("response-cache")?.attachable).toBe(true);
    expect(byName.get("circuit-breaker")?.attachable).toBe(true);
    expect(byName.get("circuit-breaker")?.apis.map((a) => a.name)).toEqual(["Resilient"]);
    expect(byName.get("endpoints")?.attachable).toBe(false);
  });
});
