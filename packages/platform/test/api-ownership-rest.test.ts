import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "./fixtures";
import { startPublisherApi } from "./publisher-server";

// Two competing publishers: a context, and everything under or above it, belongs to the API that
// first claimed it; versions, default versions and subscriber lists are the owner's (or an admin's).
describe.each<Provider>(["sqlite", "postgresql"])("API ownership on %s", (provider) => {
  let api: Awaited<ReturnType<typeof startPublisherApi>>;
  let pizza = "";

  const definition = (name: string, context: string, version = "1.0.0") => ({
    name,
    version,
    context,
    endpoints: { production: "https://backend.example/pizza" },
    resources: [{ method: "GET", path: "/menu", scopes: [] }],
  });

  beforeAll(async () => {
    api = await startPublisherApi({ ann: ["publisher"], bob: ["publisher"], root: ["admin"] }, { provider });
    const created = await api.call("POST", "/apis", "ann", definition("PizzaShack", "/pizzashack"));
    expect(created.status).toBe(201);
    pizza = created.body.id;
  });
  afterAll(() => api?.close());

  async function apiRows() {
    return api.db.api.findMany({
      select: { id: true, context: true, version: true, isDefaultVersion: true, ownerId: true },
      orderBy: [{ context: "asc" }, { version: "asc" }],
    });
  }

  it("refuses another owner's context below, equal to, or above the claimed one", async () => {
    const before = await apiRows();
    // below: longest-prefix routing would send ann's callers (and their tokens) to bob's backend
    const below = await api.call(
      "POST",
      "/apis",
      "bob",
      definition("Orders", "/pizzashack/v1/orders", "1.0.0"),
    );
    expect(below.status).toBe(409);
    expect(below.body.details.fields[0].field).toBe("context");
    for (const context of ["/pizzashack", "/PizzaShack", "/pizzashack/v2"]) {
      const r = await api.call(
        "POST",
        "/apis",
        "bob",
        definition(`Other${context.length}`, context, "9.0.0"),
      );
      expect(r.status, context).toBe(409);
    }
    // above: bob may not claim a parent of ann's context either
    await api.call("POST", "/apis", "ann", definition("Deep", "/shop/eu/orders"));
    const above = await api.call("POST", "/apis", "bob", definition("Shop", "/shop"));
    expect(above.status).toBe(409);
    // a context that merely shares a prefix of characters, not of segments, is free
    expect((await api.call("POST", "/apis", "bob", definition("Pizzas", "/pizzashacks"))).status).toBe(201);
    const after = await apiRows();
    expect(after.filter((a) => !before.some((b) => b.id === a.id)).map((a) => a.context)).toEqual([
      "/pizzashacks",
      "/shop/eu/orders",
    ]);
  });

  it("lets the owner extend their own context", async () => {
    expect(
      (await api.call("POST", "/apis", "ann", definition("Kitchen", "/pizzashack/kitchen"))).status,
    ).toBe(201);
  });

  it("refuses an OpenAPI import into another owner's context", async () => {
    const r = await api.call("POST", "/apis/import-openapi", "bob", {
      context: "/pizzashack/import",
      document: {
        openapi: "3.0.3",
        info: { title: "Sneaky", version: "1.0.0" },
        paths: { "/x": { get: { responses: { "200": { description: "ok" } } } } },
      },
    });
    expect(r.status).toBe(409);
    expect(await api.db.api.count({ where: { context: "/pizzashack/import" } })).toBe(0);
  });

  it("refuses another publisher a new (default) version of the API, and leaves the default alone", async () => {
    const before = await apiRows();
    const r = await api.call("POST", `/apis/${pizza}/versions`, "bob", {
      version: "2.0.0",
      isDefaultVersion: true,
    });
    expect(r.status).toBe(404);
    expect(await apiRows()).toEqual(before);
    const flip = await api.call("PUT", `/apis/${pizza}`, "bob", { isDefaultVersion: false });
    expect(flip.status).toBe(404);
    expect(await apiRows()).toEqual(before);
  });

  it("gives a version an admin adds to the API's owner", async () => {
    const r = await api.call("POST", `/apis/${pizza}/versions`, "root", {
      version: "2.0.0",
      isDefaultVersion: true,
    });
    expect(r.status).toBe(201);
    const row = await api.db.api.findUniqueOrThrow({ where: { id: r.body.id } });
    expect(row.ownerId).toBe(api.ids.ann);
    expect(row.isDefaultVersion).toBe(true);
    // the owner sees and manages it; an admin's new API cannot take the context either
    expect((await api.call("GET", `/apis/${r.body.id}`, "ann")).status).toBe(200);
    expect((await api.call("POST", "/apis", "root", definition("Admins", "/pizzashack/admin"))).status).toBe(
      409,
    );
  });

  it("hides an API, its subscribers and its documents from another publisher, whatever its visibility", async () => {
    for (const path of [`/apis/${pizza}`, `/apis/${pizza}/subscriptions`, `/apis/${pizza}/openapi`]) {
      expect((await api.call("GET", path, "bob")).status, path).toBe(404);
    }
    const list = await api.call("GET", "/apis", "bob");
    expect(list.body.map((a: { name: string }) => a.name)).toEqual(["Pizzas"]);
  });

  it("lets exactly one of two publishers racing for overlapping contexts have it", async () => {
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api.call(
          "POST",
          "/apis",
          i % 2 ? "ann" : "bob",
          definition(`Race${i}`, i % 2 ? `/race/${i}` : "/race", `${i}.0.0`),
        ),
      ),
    );
    const statuses = attempts.map((a) => a.status);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(),
    ).toBe(true);
    const rows = await api.db.api.findMany({ where: { context: { startsWith: "/race" } } });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.ownerId)).size).toBe(1);
    expect(statuses.filter((s) => s === 201)).toHaveLength(rows.length);
  });
});
