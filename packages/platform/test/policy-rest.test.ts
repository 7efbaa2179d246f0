import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The gateway's own request builder, imported only here: "try it" must send what it sends.
import { checkPolicies } from "../../gateway/src/authz/check-policy";
import { policyRoutes } from "../src/rest/index";
import { makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { type RestCall, serveRestApis } from "./rest-api";

const NS = "urn:oasis:names:tc:xacml:3.0:core:schema:wd-17";
const STRING = "http://www.w3.org/2001/XMLSchema#string";
const SUBJECT = "urn:oasis:names:tc:xacml:1.0:subject-category:access-subject";
const RESOURCE = "urn:oasis:names:tc:xacml:3.0:attribute-category:resource";
const ACTION = "urn:oasis:names:tc:xacml:3.0:attribute-category:action";
const STRING_EQUAL = "urn:oasis:names:tc:xacml:1.0:function:string-equal";

const match = (category: string, attributeId: string, value: string, fn = STRING_EQUAL) => `
        <Match MatchId="${fn}">
          <AttributeValue DataType="${STRING}">${value}</AttributeValue>
          <AttributeDesignator Category="${category}" AttributeId="${attributeId}" DataType="${STRING}" MustBePresent="false"/>
        </Match>`;
const action = (method: string) => match(ACTION, "urn:oasis:names:tc:xacml:1.0:action:action-id", method);
const role = (name: string) => match(SUBJECT, "urn:oasis:names:tc:xacml:2.0:subject:role", name);
const target = (...matches: string[]) => `<Target><AnyOf><AllOf>${matches.join("")}</AllOf></AnyOf></Target>`;

/** A policy for the PizzaShack API, written against the attributes the gateway sends. */
function pizzaPolicy(options: { apiName?: string; deleteRule?: string; matchFn?: string } = {}) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Policy xmlns="${NS}" PolicyId="pizza-access" Version="1.0"
    RuleCombiningAlgId="urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable">
  ${target(match(RESOURCE, "urn:portico:resource:api-name", options.apiName ?? "PizzaShack", options.matchFn))}
  <Rule RuleId="${options.deleteRule ?? "admins-delete"}" Effect="Permit">
    ${target(action("DELETE"), role("admin"))}
  </Rule>
  <Rule RuleId="nobody-else-deletes" Effect="Deny">
    ${target(action("DELETE"))}
  </Rule>
  <Rule RuleId="customers-read" Effect="Permit">
    ${target(action("GET"), role("customer"), match(RESOURCE, "urn:portico:resource:path-template", "/menu/{id}"))}
    <AdviceExpressions>
      <AdviceExpression AdviceId="urn:example:advice:cache" AppliesTo="Permit">
        <AttributeAssignmentExpression AttributeId="urn:example:max-age">
          <AttributeValue DataType="http://www.w3.org/2001/XMLSchema#integer">60</AttributeValue>
        </AttributeAssignmentExpression>
      </AdviceExpression>
    </AdviceExpressions>
  </Rule>
  <Rule RuleId="kitchen-orders" Effect="Permit">
    ${target(action("POST"))}
    <Condition>
      <Apply FunctionId="urn:oasis:names:tc:xacml:1.0:function:string-is-in">
        <AttributeValue DataType="${STRING}">kitchen</AttributeValue>
        <AttributeDesignator Category="${SUBJECT}" AttributeId="urn:example:department" DataType="${STRING}" MustBePresent="false"/>
      </Apply>
    </Condition>
    <ObligationExpressions>
      <ObligationExpression ObligationId="urn:example:obligation:log" FulfillOn="Permit"/>
    </ObligationExpressions>
  </Rule>
</Policy>`;
}

let db: Db;
let server: Awaited<ReturnType<typeof serveRestApis>>;
let adminToken: string;
let publisherToken: string;
let pizzaId: string;
let menuItemId: string;
let ordersId: string;
let otherApiId: string;
let otherResourceId: string;

beforeAll(async () => {
  db = await scratchDb();
  const token = await tokenIssuer(db);
  const root = await makeUser(db, "root", ["admin"]);
  const pub = await makeUser(db, "pat", ["publisher"]);
  adminToken = await token(root.id, "portico:admin");
  // a publisher's roles do not allow the admin scope, even when the token carries it
  publisherToken = await token(pub.id, "portico:admin portico:api_view");
  const pizza = await db.api.create({
    data: {
      name: "PizzaShack",
      version: "1.0.0",
      context: "/pizza/",
      resources: {
        create: [
          { method: "GET", pathTemplate: "/menu/{id}" },
          { method: "GET", pathTemplate: "/menu/specials" },
          { method: "POST", pathTemplate: "/orders" },
          { method: "DELETE", pathTemplate: "/orders/{id}" },
        ],
      },
    },
    include: { resources: true },
  });
  pizzaId = pizza.id;
  menuItemId = pizza.resources.find((r) => r.pathTemplate === "/menu/{id}")?.id ?? "";
  ordersId = pizza.resources.find((r) => r.pathTemplate === "/orders")?.id ?? "";
  const other = await db.api.create({
    data: {
      name: "Weather",
      version: "2.0.0",
      context: "/weather",
      resources: { create: [{ method: "GET", pathTemplate: "/today" }] },
    },
    include: { resources: true },
  });
  otherApiId = other.id;
  otherResourceId = other.resources[0]?.id ?? "";
  const base = "/api/admin/v1";
  server = await serveRestApis(db, [{ base, routes: policyRoutes }]);
  rest = server.caller(base);
});
afterAll(async () => {
  await server.close();
  await db.$disconnect();
});

let rest: RestCall;
const call = (method: string, path: string, body?: unknown, bearer = adminToken) =>
  rest(method, path, bearer, body);

async function upload(name: string, content = pizzaPolicy()) {
  const res = await call("POST", "/policies", { name, content });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe("policy upload", () => {
  it("stores a valid policy as version 1 with its PolicyId, audited", async () => {
    const res = await call("POST", "/policies", { content: pizzaPolicy(), description: "who may order" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "pizza-access",
      policyXmlId: "pizza-access",
      enabled: true,
      currentVersion: 1,
      description: "who may order",
    });
    const got = await call("GET", `/policies/${res.body.id}`);
    expect(got.body.content).toBe(pizzaPolicy());
    expect(got.body.versions).toMatchObject([{ version: 1, current: true, createdBy: "root" }]);
    expect(await db.auditEvent.count({ where: { action: "policy.create", targetId: res.body.id } })).toBe(1);
    const list = await call("GET", "/policies");
    expect(list.body.map((p: { name: string }) => p.name)).toContain("pizza-access");
    expect((await call("POST", "/policies", { content: pizzaPolicy() })).status).toBe(409);
  });

  it("refuses documents that do not load, says where, and stores nothing", async () => {
    const before = await db.xacmlPolicy.count();
    const versionsBefore = await db.xacmlPolicyVersion.count();

    const malformed = await call("POST", "/policies", {
      name: "broken",
      content: `<Policy xmlns="${NS}"><Target>`,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe("VALIDATION_FAILED");
    expect(malformed.body.details.policyError.code).toBe("XML_MALFORMED");
    expect(malformed.body.details.fields[0].field).toBe("content");

    const xxe = `<?xml version="1.0"?>
<!DOCTYPE Policy [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Policy xmlns="${NS}" PolicyId="x" Version="1.0" RuleCombiningAlgId="urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable"><Description>&xxe;</Description></Policy>`;
    const refusedXxe = await call("POST", "/policies", { name: "xxe", content: xxe });
    expect(refusedXxe.status).toBe(400);
    expect(refusedXxe.body.details.policyError.code).toBe("XML_DOCTYPE_FORBIDDEN");
    expect(JSON.stringify(refusedXxe.body)).not.toContain("root:");

    const unknownFn = pizzaPolicy({ matchFn: "urn:example:function:no-such-function" });
    const line = unknownFn.split("\n").findIndex((l) => l.includes("no-such-function")) + 1;
    const refusedFn = await call("POST", "/policies", { name: "unknown-fn", content: unknownFn });
    expect(refusedFn.status).toBe(400);
    expect(refusedFn.body.details.policyError).toMatchObject({
      code: "UNKNOWN_FUNCTION",
      element: "Match",
      line,
    });
    expect(refusedFn.body.details.fields[0]).toMatchObject({ field: "content" });
    expect(refusedFn.body.details.fields[0].message).toContain("urn:example:function:no-such-function");
    expect(refusedFn.body.details.fields[0].message).toContain(`line ${line}`);

    expect((await call("POST", "/policies", { name: "empty", content: "" })).status).toBe(400);
    expect(await db.xacmlPolicy.count()).toBe(before);
    expect(await db.xacmlPolicyVersion.count()).toBe(versionsBefore);
  });
});

describe("policy versions and switches", () => {
  it("keeps old versions when edited, and rolls back", async () => {
    const id = await upload("versioned");
    const bad = await call("POST", `/policies/${id}/versions`, { content: "<Policy" });
    expect(bad.status).toBe(400);
    const v2 = await call("POST", `/policies/${id}/versions`, {
      content: pizzaPolicy({ apiName: "Weather" }),
    });
    expect(v2.status).toBe(201);
    expect(v2.body.currentVersion).toBe(2);
    const versions = await call("GET", `/policies/${id}/versions`);
    expect(versions.body).toMatchObject([
      { version: 2, current: true },
      { version: 1, current: false },
    ]);
    expect((await call("GET", `/policies/${id}/versions/1`)).body.content).toBe(pizzaPolicy());
    expect((await call("GET", `/policies/${id}/versions/9`)).status).toBe(404);
    expect((await call("GET", `/policies/${id}`)).body.content).toContain(">Weather<");

    const back = await call("PUT", `/policies/${id}`, { currentVersion: 1 });
    expect(back.status).toBe(200);
    expect(back.body.currentVersion).toBe(1);
    expect((await call("GET", `/policies/${id}`)).body.content).toBe(pizzaPolicy());
    expect((await call("PUT", `/policies/${id}`, { currentVersion: 7 })).status).toBe(404);
    // a change reaches gateways through the change feed
    expect(await db.changeEvent.count({ where: { topic: "policy", entityId: id } })).toBe(3);
  });

  it("enables and disables a policy", async () => {
    const id = await upload("switchable");
    const off = await call("PUT", `/policies/${id}`, { enabled: false });
    expect(off.body.enabled).toBe(false);
    expect((await db.xacmlPolicy.findUniqueOrThrow({ where: { id } })).enabled).toBe(false);
    expect(await db.auditEvent.count({ where: { action: "policy.disable", targetId: id } })).toBe(1);
    const on = await call("PUT", `/policies/${id}`, { enabled: true });
    expect(on.body.enabled).toBe(true);
    expect((await call("PUT", `/policies/${id}`, { enabled: "yes" })).status).toBe(400);
  });
});

describe("attachments", () => {
  it("attaches to an API and to one of its resources, and detaches", async () => {
    const id = await upload("attached");
    const toApi = await call("POST", `/policies/${id}/attachments`, { apiId: pizzaId });
    expect(toApi.status).toBe(201);
    expect(toApi.body).toMatchObject({
      api: { id: pizzaId, name: "PizzaShack" },
      resource: null,
      onNotApplicable: "deny",
    });
    expect((await call("POST", `/policies/${id}/attachments`, { apiId: pizzaId })).status).toBe(409);

    const toResource = await call("POST", `/policies/${id}/attachments`, {
      apiId: pizzaId,
      resourceId: ordersId,
      onNotApplicable: "permit",
    });
    expect(toResource.status).toBe(201);
    expect(toResource.body.resource).toMatchObject({ id: ordersId, method: "POST", pathTemplate: "/orders" });

    // the rows the gateway reads
    const rows = await db.xacmlPolicyAttachment.findMany({
      where: { policyId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.apiId, r.resourceId, r.onNotApplicable])).toEqual([
      [pizzaId, null, "deny"],
      [pizzaId, ordersId, "permit"],
    ]);

    expect(
      (await call("POST", `/policies/${id}/attachments`, { apiId: pizzaId, resourceId: otherResourceId }))
        .status,
    ).toBe(404);
    expect((await call("POST", `/policies/${id}/attachments`, { apiId: "nope" })).status).toBe(404);
    expect(
      (await call("POST", `/policies/${id}/attachments`, { apiId: pizzaId, onNotApplicable: "maybe" }))
        .status,
    ).toBe(400);

    const changed = await call("PUT", `/policies/${id}/attachments/${toApi.body.id}`, {
      onNotApplicable: "permit",
    });
    expect(changed.body.onNotApplicable).toBe("permit");
    expect((await call("GET", `/policies/${id}/attachments`)).body).toHaveLength(2);

    // deleting would lift enforcement silently: refused until detached
    expect((await call("DELETE", `/policies/${id}`)).status).toBe(409);
    expect((await call("DELETE", `/policies/${id}/attachments/${toApi.body.id}`)).status).toBe(204);
    expect((await call("DELETE", `/policies/${id}/attachments/${toResource.body.id}`)).status).toBe(204);
    expect(await db.xacmlPolicyAttachment.count({ where: { policyId: id } })).toBe(0);
    expect((await call("DELETE", `/policies/${id}`)).status).toBe(204);
    expect(await db.xacmlPolicyVersion.count({ where: { policyId: id } })).toBe(0);
    expect((await call("GET", `/policies/${id}`)).status).toBe(404);
  });
});

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

describe("access", () => {
  it("is for admins only", async () => {
    const id = await upload("guarded");
    for (const [method, path, body] of [
      ["GET", "/policies", undefined],
      ["POST", "/policies", { name: "x", content: pizzaPolicy() }],
      ["GET", `/policies/${id}`, undefined],
      ["PUT", `/policies/${id}`, { enabled: false }],
      ["POST", `/policies/${id}/attachments`, { apiId: pizzaId }],
      ["POST", `/policies/${id}/evaluate`, {}],
      ["DELETE", `/policies/${id}`, undefined],
    ] as const) {
      expect((await call(method, path, body, publisherToken)).status, `${method} ${path}`).toBe(403);
    }
    expect((await db.xacmlPolicy.findUniqueOrThrow({ where: { id } })).enabled).toBe(true);
    expect(await db.xacmlPolicyAttachment.count({ where: { policyId: id } })).toBe(0);
    const res = await fetch(`${server.url}/api/admin/v1/policies`);
    expect(res.status).toBe(401);
    const openApi = (await (await fetch(`${server.url}/api/admin/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(openApi.paths["/policies/{id}/evaluate"] ?? {})).toEqual(["post"]);
  });
});
