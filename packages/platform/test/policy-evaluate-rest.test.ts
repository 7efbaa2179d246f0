// "Try it": a policy decided over the admin REST API on a request built as the gateway builds it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The gateway's own request builder, imported only here: "try it" must send what it sends.
import { checkPolicies } from "../../gateway/src/authz/check-policy";
import { type PolicyAdmin, pizzaPolicy, SUBJECT, startPolicyAdmin } from "./policy-admin";

let admin: PolicyAdmin;
let adminToken: string;
let pizzaId: string;
let menuItemId: string;
let ordersId: string;
let otherApiId: string;
let otherResourceId: string;

beforeAll(async () => {
  admin = await startPolicyAdmin();
  ({ adminToken, pizzaId, menuItemId, ordersId, otherApiId, otherResourceId } = admin);
});
afterAll(async () => {
  await admin?.close();
});

const call = (method: string, path: string, body?: unknown, bearer = adminToken) =>
  admin.call(method, path, body, bearer);
const upload = (name: string, content?: string) => admin.upload(name, content);

describe("try it", () => {
  let id: string;
  beforeAll(async () => {
    id = await upload("try-it");
  });
  const evaluate = (body: object) => call("POST", `/policies/${id}/evaluate`, body);

  it("permits an admin's DELETE and names the deciding rule", async () => {
    const res = await evaluate({
      subjectId: "alice",
      roles: ["admin"],
      apiId: pizzaId,
      method: "DELETE",
      path: "/orders/7",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      decision: "Permit",
      ruleId: "admins-delete",
      policyId: "pizza-access",
      status: { code: "urn:oasis:names:tc:xacml:1.0:status:ok" },
      gateway: { allowed: true },
    });
    expect(res.body.request.resource).toMatchObject({
      id: "/pizza/1.0.0/orders/{id}",
      path: "/orders/7",
      "path-template": "/orders/{id}",
      "api-name": "PizzaShack",
    });
  });

  it("denies anyone else's DELETE with the rule that denied", async () => {
    const res = await evaluate({
      subjectId: "bob",
      roles: ["customer"],
      apiId: pizzaId,
      method: "DELETE",
      path: "/orders/7",
    });
    expect(res.body).toMatchObject({
      decision: "Deny",
      ruleId: "nobody-else-deletes",
      gateway: { allowed: false },
    });
  });

  it("matches the resource the gateway would route to, and returns advice", async () => {
    const item = await evaluate({ roles: ["customer"], apiId: pizzaId, method: "GET", path: "/menu/42" });
    expect(item.body).toMatchObject({ decision: "Permit", ruleId: "customers-read" });
    expect(item.body.advice).toMatchObject([
      { id: "urn:example:advice:cache", attributes: [{ attributeId: "urn:example:max-age", value: "60" }] },
    ]);
    // the literal template outranks {id}, so the customers-read rule does not apply
    const specials = await evaluate({
      roles: ["customer"],
      apiId: pizzaId,
      method: "GET",
      path: "/menu/specials",
    });
    expect(specials.body).toMatchObject({
      decision: "NotApplicable",
      ruleId: null,
      gateway: { allowed: false },
    });
    const resource = await evaluate({ roles: ["customer"], resourceId: menuItemId, path: "/menu/1" });
    expect(resource.body.decision).toBe("Permit");
    expect((await evaluate({ apiId: pizzaId, method: "GET", path: "/nowhere" })).status).toBe(400);
    expect((await evaluate({ apiId: pizzaId, resourceId: otherResourceId })).status).toBe(404);
  });

  it("is NotApplicable for another API, and follows the attachment's onNotApplicable", async () => {
    const res = await evaluate({ roles: ["admin"], apiId: otherApiId, method: "GET", path: "/today" });
    expect(res.body).toMatchObject({ decision: "NotApplicable", gateway: { allowed: false } });
    await call("POST", `/policies/${id}/attachments`, { apiId: otherApiId, onNotApplicable: "permit" });
    const attached = await evaluate({ roles: ["admin"], apiId: otherApiId, method: "GET", path: "/today" });
    expect(attached.body).toMatchObject({ decision: "NotApplicable", gateway: { allowed: true } });
  });

  it("uses extra attributes, and shows obligations the gateway would refuse", async () => {
    const without = await evaluate({ apiId: pizzaId, resourceId: ordersId });
    expect(without.body.decision).toBe("NotApplicable");
    const kitchen = await evaluate({
      apiId: pizzaId,
      resourceId: ordersId,
      attributes: [{ category: SUBJECT, attributeId: "urn:example:department", value: ["hall", "kitchen"] }],
    });
    expect(kitchen.body).toMatchObject({
      decision: "Permit",
      ruleId: "kitchen-orders",
      obligations: [{ id: "urn:example:obligation:log" }],
      gateway: { allowed: false },
    });
    expect(kitchen.body.gateway.reason).toMatch(/obligation/i);
    expect((await evaluate({ resourceId: ordersId, method: "GET" })).status).toBe(400);
  });

  it("sends the decision point exactly the attributes the gateway sends", async () => {
    let sent: unknown;
    const capture = {
      policyName: "capture",
      onNotApplicable: "deny" as const,
      pdp: {
        decide: (input: unknown) => {
          sent = input;
          return { decision: "Permit", status: { code: "ok" }, obligations: [], advice: [] };
        },
      },
    };
    const now = new Date("2026-03-01T10:00:00.000Z");
    checkPolicies({
      api: { name: "PizzaShack", version: "1.0.0", context: "/pizza", policies: [capture] },
      resource: { template: { template: "/orders/{id}" }, policies: [] },
      method: "DELETE",
      path: "/orders/7",
      caller: {
        username: "alice",
        subject: "u-1",
        roles: ["admin", "customer"],
        clientId: "c-1",
        applicationId: "app-1",
        scopes: new Set(["orders:write"]),
        keyType: "SANDBOX",
      },
      now,
      clientIp: "203.0.113.7",
    } as unknown as Parameters<typeof checkPolicies>[0]);
    const res = await evaluate({
      subjectId: "alice",
      roles: ["admin", "customer"],
      clientId: "c-1",
      applicationId: "app-1",
      scopes: ["orders:write"],
      keyType: "SANDBOX",
      ipAddress: "203.0.113.7",
      apiId: pizzaId,
      method: "DELETE",
      path: "/orders/7",
      time: now.toISOString(),
    });
    expect(res.body.request).toEqual(JSON.parse(JSON.stringify(sent)));
  });

  it("evaluates an older version on request", async () => {
    await call("POST", `/policies/${id}/versions`, {
      content: pizzaPolicy({ deleteRule: "admins-delete-v2" }),
    });
    const body = { roles: ["admin"], apiId: pizzaId, method: "DELETE", path: "/orders/1" };
    expect((await evaluate(body)).body).toMatchObject({ ruleId: "admins-delete-v2", policy: { version: 2 } });
    expect((await evaluate({ ...body, version: 1 })).body).toMatchObject({
      ruleId: "admins-delete",
      policy: { version: 1 },
    });
    expect((await evaluate({ ...body, version: 5 })).status).toBe(404);
  });
});
