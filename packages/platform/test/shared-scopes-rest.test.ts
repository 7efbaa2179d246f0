import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPublisherApi } from "./publisher-server";

let api: Awaited<ReturnType<typeof startPublisherApi>>;

beforeAll(async () => {
  api = await startPublisherApi({ pat: ["publisher"], quinn: ["publisher"], root: ["admin"] });
});
afterAll(() => api.close());

const orders = (name: string, context: string, scopes: string[]) => ({
  name,
  version: "1.0.0",
  context,
  resources: [{ method: "GET", path: "/orders", scopes }],
});

describe("publisher REST API: shared scopes", () => {
  it("creates a shared scope bound to roles and lists it with its usage", async () => {
    const created = await api.call("POST", "/scopes", "pat", {
      name: "orders:read",
      description: "read orders in any API",
      roles: ["developer"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "orders:read",
      roles: ["developer"],
      usage: { resources: 0, apis: 0 },
    });
    const list = await api.call("GET", "/scopes", "quinn");
    expect(list.status).toBe(200);
    expect(list.body.map((s: { name: string }) => s.name)).toEqual(["orders:read"]);
    // the platform's own scopes are not listed as shared scopes
    expect(JSON.stringify(list.body)).not.toContain("portico:");
  });

  it("lets resources of several APIs require it, and counts them", async () => {
    expect((await api.call("POST", "/apis", "pat", orders("Shop", "/shop", ["orders:read"]))).status).toBe(
      201,
    );
    expect(
      (await api.call("POST", "/apis", "quinn", orders("Store", "/store", ["orders:read"]))).status,
    ).toBe(201);
    const list = await api.call("GET", "/scopes", "pat");
    expect(list.body[0].usage).toEqual({ resources: 2, apis: 2 });
  });

  it("refuses a name taken by a shared or an API's scope, and an API declaring a shared scope's name", async () => {
    expect((await api.call("POST", "/scopes", "pat", { name: "orders:read" })).status).toBe(409);
    await api.call("POST", "/apis", "pat", {
      ...orders("Own", "/own", ["own:read"]),
      scopes: [{ name: "own:read", roles: [] }],
    });
    const taken = await api.call("POST", "/scopes", "pat", { name: "own:read" });
    expect(taken.status).toBe(409);
    expect(taken.body.details.fields[0].field).toBe("name");
    // an API cannot take over the shared scope (and rebind its roles) by declaring the same name
    const takeover = await api.call("POST", "/apis", "quinn", {
      ...orders("Thief", "/thief", ["orders:read"]),
      scopes: [{ name: "orders:read", roles: ["admin"] }],
    });
    expect(takeover.status).toBe(409);
    const list = await api.call("GET", "/scopes", "pat");
    expect(list.body.find((s: { name: string }) => s.name === "orders:read").roles).toEqual(["developer"]);
  });

  it("refuses reserved names, unknown roles and unknown fields with 400", async () => {
    expect((await api.call("POST", "/scopes", "pat", { name: "portico:admin" })).status).toBe(400);
    const role = await api.call("POST", "/scopes", "pat", { name: "x:y", roles: ["nobody"] });
    expect(role.status).toBe(400);
    expect(role.body.details.fields[0]).toEqual({ field: "roles", message: "no role named nobody" });
    expect((await api.call("PUT", "/scopes/orders:read", "pat", { name: "renamed" })).status).toBe(400);
    expect((await api.call("GET", "/scopes", "pat")).body).toHaveLength(1);
  });

  it("changes its description and roles; an API's own scope is not reachable here", async () => {
    const changed = await api.call("PUT", "/scopes/orders:read", "pat", {
      description: "read orders",
      roles: ["developer", "publisher"],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ description: "read orders", roles: ["developer", "publisher"] });
    const audited = await api.db.auditEvent.findFirst({
      where: { action: "scope.update", targetId: "orders:read" },
    });
    expect(audited?.actorName).toBe("pat");
    expect((await api.call("PUT", "/scopes/own:read", "pat", { description: "mine now" })).status).toBe(404);
    expect((await api.call("DELETE", "/scopes/own:read", "pat")).status).toBe(404);
  });

  it("lets only its owner or an admin change or delete it, and no one rebind the platform's scopes", async () => {
    const rows = async () =>
      api.db.scope.findMany({
        where: { apiId: null },
        include: { roles: { include: { role: true } } },
        orderBy: { name: "asc" },
      });
    const before = await rows();
    const other = await api.call("PUT", "/scopes/orders:read", "quinn", { roles: [], public: true });
    expect(other.status).toBe(403);
    expect((await api.call("DELETE", "/scopes/orders:read", "quinn")).status).toBe(403);
    for (const name of ["portico:admin", "portico:api_create", "openid"]) {
      expect((await api.call("PUT", `/scopes/${name}`, "pat", { roles: ["publisher"] })).status, name).toBe(
        404,
      );
      expect((await api.call("DELETE", `/scopes/${name}`, "pat")).status, name).toBe(404);
    }
    expect(await rows()).toEqual(before);
    const listed = (await api.call("GET", "/scopes", "quinn")).body;
    expect(listed.find((s: { name: string }) => s.name === "orders:read")).toMatchObject({
      owner: "pat",
      public: false,
    });
    // an admin may change anyone's
    const byAdmin = await api.call("PUT", "/scopes/orders:read", "root", {
      description: "read orders (all shops)",
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.owner).toBe("pat");
  });

  it("keeps a scope bound to no role closed to all but admins until its owner makes it public", async () => {
    const created = await api.call("POST", "/scopes", "quinn", { name: "store:audit" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ roles: [], public: false, owner: "quinn" });
    const opened = await api.call("PUT", "/scopes/store:audit", "quinn", { public: true });
    expect(opened.body.public).toBe(true);
    expect((await api.db.scope.findUniqueOrThrow({ where: { name: "store:audit" } })).public).toBe(true);
    expect((await api.call("DELETE", "/scopes/store:audit", "quinn")).status).toBe(204);
  });

  it("refuses to delete a scope in use (409) and deletes it once no resource requires it", async () => {
    const inUse = await api.call("DELETE", "/scopes/orders:read", "pat");
    expect(inUse.status).toBe(409);
    expect(inUse.body.details.resources).toBe(2);
    const apis = [
      ...(await api.call("GET", "/apis", "pat")).body,
      ...(await api.call("GET", "/apis", "quinn")).body,
    ] as Array<{ id: string; context: string }>;
    for (const a of apis.filter((x) => x.context === "/shop" || x.context === "/store")) {
      const owner = a.context === "/shop" ? "pat" : "quinn";
      expect(
        (await api.call("PUT", `/apis/${a.id}`, owner, { resources: [{ method: "GET", path: "/orders" }] }))
          .status,
      ).toBe(200);
    }
    expect((await api.call("DELETE", "/scopes/orders:read", "pat")).status).toBe(204);
    expect((await api.call("GET", "/scopes", "pat")).body).toEqual([]);
    expect((await api.call("DELETE", "/scopes/orders:read", "pat")).status).toBe(404);
  });

  it("needs api_create even to list", async () => {
    expect((await api.call("GET", "/scopes", "pat", undefined, "portico:api_view")).status).toBe(403);
  });
});
