import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionPrincipal } from "../src/auth/principal";
import { buildOperationContext, listGatewayPolicyUsage } from "../src/index";
import { GATEWAY, ISSUER } from "./fixtures";
import { startPublisherApi } from "./publisher-server";

let api: Awaited<ReturnType<typeof startPublisherApi>>;
let id: string;

beforeAll(async () => {
  api = await startPublisherApi({ pat: ["publisher"], quinn: ["publisher"] });
  const created = await api.call("POST", "/apis", "pat", {
    name: "Mediated",
    version: "1.0.0",
    context: "/mediated",
    endpoints: { production: "http://127.0.0.1:9/mediated" },
    resources: [
      { method: "GET", path: "/orders" },
      { method: "POST", path: "/orders" },
    ],
    gatewayPolicies: [
      {
        policy: "header-mediation",
        config: { headers: [{ action: "set", name: "X-User", value: "{claims.sub}" }] },
      },
      {
        policy: "header-mediation",
        resource: { method: "post", path: "/orders" },
        config: { headers: [{ action: "remove", name: "Cookie" }] },
      },
    ],
  });
  expect(created.status).toBe(201);
  id = created.body.id;
});
afterAll(() => api.close());

const stored = async () => (await api.db.api.findUniqueOrThrow({ where: { id } })).gatewayPolicies;

describe("publisher REST API: gateway policies attached to an API", () => {
  it("stores the attachments in their order, with each policy's defaults filled in", async () => {
    const view = await api.call("GET", `/apis/${id}`, "pat");
    expect(view.body.gatewayPolicies).toEqual([
      {
        policy: "header-mediation",
        config: { headers: [{ action: "set", name: "x-user", value: "{claims.sub}" }], query: [] },
      },
      {
        policy: "header-mediation",
        resource: { method: "POST", path: "/orders" },
        config: { headers: [{ action: "remove", name: "cookie" }], query: [] },
      },
    ]);
  });

  it("replaces the list on update (reordering included), audited", async () => {
    const before = (await api.call("GET", `/apis/${id}`, "pat")).body.gatewayPolicies;
    const reordered = [before[1], before[0]];
    const changed = await api.call("PUT", `/apis/${id}`, "pat", { gatewayPolicies: reordered });
    expect(changed.status).toBe(200);
    expect(changed.body.gatewayPolicies).toEqual(reordered);
    const audited = await api.db.auditEvent.findFirst({
      where: { action: "api.update", targetId: id },
      orderBy: { at: "desc" },
    });
    expect(JSON.stringify(audited?.details)).toContain("gatewayPolicies");
    expect((await api.call("PUT", `/apis/${id}`, "pat", { gatewayPolicies: before })).status).toBe(200);
  });

  it("refuses another publisher's change, and stores nothing", async () => {
    const before = await stored();
    const hostile = await api.call("PUT", `/apis/${id}`, "quinn", {
      gatewayPolicies: [
        { policy: "header-mediation", config: { headers: [{ action: "remove", name: "x-user" }] } },
      ],
    });
    expect([403, 404]).toContain(hostile.status);
    expect(await stored()).toEqual(before);
  });

  it.each([
    [
      "a header the gateway owns",
      [{ policy: "header-mediation", config: { headers: [{ action: "set", name: "Host", value: "evil" }] } }],
      "gatewayPolicies.0.config.headers.0.name",
    ],
    [
      "more rules than the policy allows",
      [
        {
          policy: "header-mediation",
          config: { headers: Array.from({ length: 31 }, () => ({ action: "remove", name: "x-a" })) },
        },
      ],
      "gatewayPolicies.0.config.headers",
    ],
    ["an unknown policy", [{ policy: "no-such-policy" }], "gatewayPolicies.0.policy"],
    [
      "an API setting as an attachment",
      [{ policy: "cors", config: { enabled: true } }],
      "gatewayPolicies.0.policy",
    ],
    [
      "a resource the API does not have",
      [{ policy: "header-mediation", resource: { method: "DELETE", path: "/orders" } }],
      "gatewayPolicies.0.resource",
    ],
    [
      "too many attachments",
      Array.from({ length: 51 }, () => ({ policy: "header-mediation" })),
      "gatewayPolicies",
    ],
  ])("refuses %s with 400 naming the field, and stores nothing", async (_what, gatewayPolicies, field) => {
    const before = await stored();
    const bad = await api.call("PUT", `/apis/${id}`, "pat", { gatewayPolicies });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await stored()).toEqual(before);
  });

  it("refuses removing a resource a policy is attached to", async () => {
    const bad = await api.call("PUT", `/apis/${id}`, "pat", {
      resources: [{ method: "GET", path: "/orders" }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe("gatewayPolicies.1.resource");
    expect(await api.db.resource.count({ where: { apiId: id } })).toBe(2);
  });
});

describe("gateway policy catalog", () => {
  const as = (roles: string[]) =>
    buildOperationContext(
      { db: api.db, issuer: ISSUER, gatewayUrl: GATEWAY },
      sessionPrincipal({ id: "x", username: roles.join("-"), roles }),
    );

  it("lists every policy with the APIs that use it, for admins only", async () => {
    const catalog = await listGatewayPolicyUsage(as(["admin"]));
    const byName = new Map(catalog.map((p) => [p.name, p]));
    expect(byName.get("header-mediation")?.apis.map((a) => a.name)).toEqual(["Mediated"]);
    expect(byName.get("header-mediation")?.attachable).toBe(true);
    expect(byName.get("request-validation")?.apis).toEqual([]);
    expect(byName.get("request-validation")?.defaults).toEqual({ body: true, parameters: true });
    expect(byName.get("cors")?.attachable).toBe(false);
    await expect(listGatewayPolicyUsage(as(["publisher"]))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
