// XACML policy administration over the admin REST API: upload, versions, switches, attachments, access.
import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NS, type PolicyAdmin, pizzaPolicy, startPolicyAdmin } from "./policy-admin";

let admin: PolicyAdmin;
let db: Db;
let server: { url: string };
let adminToken: string;
let publisherToken: string;
let pizzaId: string;
let ordersId: string;
let otherResourceId: string;

beforeAll(async () => {
  admin = await startPolicyAdmin();
  ({ db, adminToken, publisherToken, pizzaId, ordersId, otherResourceId } = admin);
  server = { url: admin.url };
});
afterAll(async () => {
  await admin?.close();
});

const call = (method: string, path: string, body?: unknown, bearer = adminToken) =>
  admin.call(method, path, body, bearer);
const upload = (name: string, content?: string) => admin.upload(name, content);

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
