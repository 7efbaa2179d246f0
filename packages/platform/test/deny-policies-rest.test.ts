// Admin deny policies over the admin REST API: an admin creates, lists, changes and removes
// platform-wide block rules; bad input is a 400 naming the field with nothing stored; other
// roles get 403; every change is audited and announced to the gateways.
import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRoutes } from "../src/rest/index";
import { makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { type RestCall, serveRestApis } from "./rest-api";

let db: Db;
let server: Awaited<ReturnType<typeof serveRestApis>>;
let call: RestCall;
let adminToken: string;
let publisherToken: string;
let apiId: string;
let applicationId: string;

beforeAll(async () => {
  db = await scratchDb();
  const token = await tokenIssuer(db);
  const admin = await makeUser(db, "root", ["admin", "publisher", "developer"]);
  adminToken = await token(admin.id, "portico:admin");
  // the admin scope in the token, but not the admin role
  publisherToken = await token((await makeUser(db, "pat", ["publisher"])).id, "portico:admin");
  apiId = (
    await db.api.create({ data: { name: "Pizza", version: "1.0.0", context: "/pizza", ownerId: admin.id } })
  ).id;
  applicationId = (await db.application.create({ data: { name: "Dana app", ownerId: admin.id } })).id;
  const base = "/api/admin/v1";
  server = await serveRestApis(db, [{ base, routes: adminRoutes }]);
  call = server.caller(base);
});
afterAll(async () => {
  await server?.close();
  await db?.$disconnect();
});

const fieldsOf = (body: { details?: { fields?: Array<{ field: string }> } }) =>
  (body.details?.fields ?? []).map((f) => f.field);

describe("admin deny policies", () => {
  it("creates a rule combining conditions, lists it, changes it and removes it; audited and announced", async () => {
    const created = await call("POST", "/deny-policies", adminToken, {
      applicationId,
      ipRange: "2001:db8::/32",
      apiId,
      reason: "abuse report 42",
      expiresAt: "2099-01-01T00:00:00Z",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      applicationId,
      username: null,
      ipRange: "2001:db8::/32",
      apiId,
      reason: "abuse report 42",
      expiresAt: "2099-01-01T00:00:00.000Z",
      expired: false,
      createdBy: "root",
    });
    const id = created.body.id as string;
    expect((await call("GET", "/deny-policies", adminToken)).body).toEqual([created.body]);
    expect((await call("GET", `/deny-policies/${id}`, adminToken)).body).toEqual(created.body);

    const changed = await call("PUT", `/deny-policies/${id}`, adminToken, {
      username: "mallory",
      ipRange: null,
      expiresAt: null,
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({
      applicationId,
      username: "mallory",
      ipRange: null,
      expiresAt: null,
    });

    expect((await call("DELETE", `/deny-policies/${id}`, adminToken)).status).toBe(204);
    expect(await db.denyPolicy.count()).toBe(0);
    expect((await call("GET", `/deny-policies/${id}`, adminToken)).status).toBe(404);
    expect((await call("DELETE", `/deny-policies/${id}`, adminToken)).status).toBe(404);

    const audited = await db.auditEvent.findMany({ where: { targetId: id }, orderBy: { at: "asc" } });
    expect(audited.map((e) => e.action)).toEqual([
      "deny_policy.create",
      "deny_policy.update",
      "deny_policy.delete",
    ]);
    expect((audited[1]?.details as { fields?: string[] } | undefined)?.fields?.sort()).toEqual([
      "expiresAt",
      "ipRange",
      "username",
    ]);
    expect(await db.changeEvent.count({ where: { topic: "settings", entityId: `deny-policy:${id}` } })).toBe(
      3,
    );
  });

  it.each([
    ["an empty rule", {}, "conditions"],
    ["only a reason", { reason: "no condition" }, "conditions"],
    ["a bad CIDR", { ipRange: "10.0.0.0/33" }, "ipRange"],
    ["a host name for an address", { ipRange: "example.com" }, "ipRange"],
    ["two blocks", { ipRange: "10.0.0.0/8,192.168.0.0/16" }, "ipRange"],
    ["an unknown API", { apiId: "no-such-api" }, "apiId"],
    ["an unknown application", { applicationId: "no-such-app" }, "applicationId"],
    ["an expiry in the past", { username: "x", expiresAt: "2000-01-01T00:00:00Z" }, "expiresAt"],
    ["an expiry that is no date", { username: "x", expiresAt: "tomorrow" }, "expiresAt"],
    ["an unknown field", { username: "x", client: "y" }, "(body)"],
    ["a username with spaces", { username: "a b" }, "username"],
    ["a number for an id", { apiId: 7 }, "apiId"],
  ])("refuses %s with 400 naming the field, storing nothing", async (_what, body, field) => {
    const r = await call("POST", "/deny-policies", adminToken, body);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.code).toBe("VALIDATION_FAILED");
    expect(fieldsOf(r.body)).toContain(field);
    expect(await db.denyPolicy.count()).toBe(0);
  });

  it("refuses an update that would leave no condition, or names an unknown API, changing nothing", async () => {
    const { id } = (await call("POST", "/deny-policies", adminToken, { apiId })).body as { id: string };
    const empty = await call("PUT", `/deny-policies/${id}`, adminToken, { apiId: null });
    expect(empty.status).toBe(400);
    expect(fieldsOf(empty.body)).toEqual(["conditions"]);
    const unknown = await call("PUT", `/deny-policies/${id}`, adminToken, { apiId: "gone" });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown.body)).toEqual(["apiId"]);
    expect(await db.denyPolicy.findUniqueOrThrow({ where: { id } })).toMatchObject({ apiId });
    expect((await call("PUT", "/deny-policies/nope", adminToken, { apiId })).status).toBe(404);
    await db.denyPolicy.deleteMany();
  });

  it("is refused to a non-admin holding the admin scope, on every route", async () => {
    const { id } = (await call("POST", "/deny-policies", adminToken, { username: "x" })).body as {
      id: string;
    };
    for (const [method, path, body] of [
      ["GET", "/deny-policies", undefined],
      ["POST", "/deny-policies", { username: "y" }],
      ["GET", `/deny-policies/${id}`, undefined],
      ["PUT", `/deny-policies/${id}`, { username: "z" }],
      ["DELETE", `/deny-policies/${id}`, undefined],
    ] as const) {
      expect((await call(method, path, publisherToken, body)).status, `${method} ${path}`).toBe(403);
    }
    expect(await db.denyPolicy.findMany()).toMatchObject([{ id, username: "x" }]);
    await db.denyPolicy.deleteMany();
  });
});
