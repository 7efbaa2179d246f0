// The developer self sign-up switch over the admin REST API: admins turn it on and off (the
// PlatformSetting the key manager reads, an audit row, a settings change event); others get 403.
import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRoutes } from "../src/rest/index";
import { makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { type RestCall, serveRestApis } from "./rest-api";

let db: Db;
let server: Awaited<ReturnType<typeof serveRestApis>>;
let adminToken: string;
let publisherToken: string;
let developerToken: string;
let adminId: string;

beforeAll(async () => {
  db = await scratchDb();
  const token = await tokenIssuer(db);
  adminId = (await makeUser(db, "root", ["admin", "publisher", "developer"])).id;
  // the admin scope in their tokens, but not the admin role
  publisherToken = await token((await makeUser(db, "pat", ["publisher"])).id, "portico:admin");
  developerToken = await token((await makeUser(db, "dana", ["developer"])).id, "portico:admin");
  adminToken = await token(adminId, "portico:admin");
  const base = "/api/admin/v1";
  server = await serveRestApis(db, [{ base, routes: adminRoutes }]);
  call = server.caller(base);
});
afterAll(async () => {
  await server.close();
  await db.$disconnect();
});

let call: RestCall;

const stored = async () => (await db.platformSetting.findUnique({ where: { key: "signup.enabled" } }))?.value;

describe("developer self sign-up setting", () => {
  it("is off until an admin turns it on, then off again; audited and announced", async () => {
    expect(await call("GET", "/signup", adminToken)).toEqual({
      status: 200,
      body: { enabled: false, updatedAt: null },
    });

    const on = await call("PUT", "/signup", adminToken, { enabled: true });
    expect(on.status).toBe(200);
    expect(on.body.enabled).toBe(true);
    expect(await stored()).toBe(true);
    expect((await call("GET", "/signup", adminToken)).body.enabled).toBe(true);
    const events = await db.auditEvent.findMany({
      where: { action: "signup.update" },
      orderBy: { at: "asc" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: adminId,
      targetId: "signup.enabled",
      details: { enabled: true },
    });
    expect(await db.changeEvent.count({ where: { topic: "settings", entityId: "signup.enabled" } })).toBe(1);

    const off = await call("PUT", "/signup", adminToken, { enabled: false });
    expect(off.body.enabled).toBe(false);
    expect(await stored()).toBe(false);
    expect(await db.auditEvent.count({ where: { action: "signup.update" } })).toBe(2);
  });

  it("refuses a body that is not {enabled: boolean}", async () => {
    const bad = await call("PUT", "/signup", adminToken, { enabled: "yes" });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("VALIDATION_FAILED");
    expect((await call("PUT", "/signup", adminToken, { enabled: true, role: "admin" })).status).toBe(400);
    expect(await stored()).toBe(false);
  });

  it("answers 403 to publishers and developers, changing nothing", async () => {
    for (const token of [publisherToken, developerToken]) {
      const put = await call("PUT", "/signup", token, { enabled: true });
      expect(put.status).toBe(403);
      expect(put.body.code).toBe("FORBIDDEN");
      expect((await call("GET", "/signup", token)).status).toBe(403);
    }
    expect(await stored()).toBe(false);
    expect(await db.auditEvent.count({ where: { action: "signup.update" } })).toBe(2);
  });

  it("is described in the admin OpenAPI document", async () => {
    const res = await fetch(`${server.url}/api/admin/v1/openapi.json`);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/signup"] ?? {}).sort()).toEqual(["get", "put"]);
  });
});
