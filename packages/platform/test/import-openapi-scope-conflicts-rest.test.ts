import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionPrincipal } from "../src/auth/principal";
import { buildOperationContext, getApiOperations } from "../src/index";
import { GATEWAY, ISSUER, type Provider } from "./fixtures";
import { startPublisherApi } from "./publisher-server";

/** An OpenAPI document whose operations require the given OAuth 2.0 scopes, one operation each. */
function documentWith(title: string, version: string, scopes: string[]) {
  return {
    openapi: "3.0.3",
    info: { title, version },
    servers: [{ url: "https://backend.example/api" }],
    components: {
      securitySchemes: {
        oauth: {
          type: "oauth2",
          flows: {
            clientCredentials: {
              tokenUrl: "https://idp.example/token",
              scopes: Object.fromEntries(scopes.map((s) => [s, `may ${s}`])),
            },
          },
        },
      },
    },
    paths: Object.fromEntries(
      scopes.map((s, i) => [
        `/op${i}`,
        { get: { security: [{ oauth: [s] }], responses: { "200": { description: "ok" } } } },
      ]),
    ),
  };
}

// A document naming scopes that exist elsewhere: the import answers 409 listing them until the
// caller chooses, per name, to reuse the existing scope (only where the new API may require it)
// or to rename it; a choice that cannot apply is a 400 naming its field. Nothing is stored
// before the import succeeds, and another publisher's API scope is never reusable.
describe.each<Provider>(["sqlite", "postgresql"])(
  "OpenAPI import of existing scope names on %s",
  (provider) => {
    let api: Awaited<ReturnType<typeof startPublisherApi>>;
    const doc = documentWith("Shop", "1.0.0", ["orders:read", "orders:write", "shop:fresh"]);

    beforeAll(async () => {
      api = await startPublisherApi({ ann: ["publisher"], bob: ["publisher"] }, { provider });
      // a shared scope (any publisher may require it) and bob's API with its own, private scope
      expect(
        (await api.call("POST", "/scopes", "bob", { name: "orders:read", roles: ["developer"] })).status,
      ).toBe(201);
      const bobs = await api.call("POST", "/apis", "bob", {
        name: "Bobs",
        version: "1.0.0",
        context: "/bobs",
        endpoints: { production: "https://backend.example/bobs" },
        scopes: [{ name: "orders:write", roles: ["developer"] }],
        resources: [{ method: "POST", path: "/orders", scopes: ["orders:write"] }],
      });
      expect(bobs.status).toBe(201);
    });
    afterAll(() => api?.close());

    /** What an import must not change when refused. */
    async function stored() {
      const [apis, scopes, links] = await Promise.all([
        api.db.api.count(),
        api.db.scope.findMany({
          select: { name: true, apiId: true, roles: { select: { roleId: true } } },
          orderBy: { name: "asc" },
        }),
        api.db.resourceScope.count(),
      ]);
      return { apis, scopes, links };
    }

    const importAs = (user: string, body: Record<string, unknown>) =>
      api.call("POST", "/apis/import-openapi", user, { document: doc, context: "/shop", ...body });

    it("answers 409 listing each name in use, which may be reused, and a free name to rename it to; nothing stored", async () => {
      const before = await stored();
      const res = await importAs("ann", {});
      expect(res.status).toBe(409);
      expect(res.body.code).toBe("CONFLICT");
      const conflicts = res.body.details.conflicts as Array<{
        name: string;
        reusable: boolean;
        suggestion: string;
      }>;
      expect(conflicts.map((c) => [c.name, c.reusable])).toEqual([
        ["orders:read", true],
        ["orders:write", false],
      ]);
      for (const c of conflicts) {
        expect(c.suggestion).toMatch(/^shop\./);
        expect(await api.db.scope.findUnique({ where: { name: c.suggestion } })).toBeNull();
      }
      expect(res.body.details.fields.map((f: { field: string }) => f.field)).toEqual([
        "scopeResolutions.orders:read",
        "scopeResolutions.orders:write",
      ]);
      // a partial answer is still a 409 for the names left
      const partial = await importAs("ann", { scopeResolutions: { "orders:read": { reuse: true } } });
      expect(partial.status).toBe(409);
      expect(partial.body.details.conflicts.map((c: { name: string }) => c.name)).toEqual(["orders:write"]);
      expect(await stored()).toEqual(before);
    });

    it("never lets another publisher's API scope be reused, even into that publisher's context", async () => {
      const before = await stored();
      const reuse = await importAs("ann", {
        scopeResolutions: { "orders:read": { reuse: true }, "orders:write": { reuse: true } },
      });
      expect(reuse.status).toBe(400);
      expect(reuse.body.details.fields).toEqual([
        {
          field: "scopeResolutions.orders:write",
          message: "orders:write belongs to another API and cannot be reused: rename it",
        },
      ]);
      const intoTheirs = await api.call("POST", "/apis/import-openapi", "ann", {
        document: documentWith("Bobs", "2.0.0", ["orders:write"]),
        context: "/bobs",
        scopeResolutions: { "orders:write": { reuse: true } },
      });
      expect(intoTheirs.status).toBe(400);
      expect(intoTheirs.body.details.fields[0].field).toBe("scopeResolutions.orders:write");
      expect(await stored()).toEqual(before);
      const bobs = await api.db.scope.findUniqueOrThrow({
        where: { name: "orders:write" },
        include: { api: true },
      });
      expect(bobs.api?.context).toBe("/bobs");
    });

    it("refuses choices that cannot apply with 400 naming the field", async () => {
      const before = await stored();
      const cases: Array<[unknown, string]> = [
        [{ "orders:write": { renameTo: "has space" } }, "scopeResolutions.orders:write.renameTo"],
        [{ "orders:write": { renameTo: "portico:admin" } }, "scopeResolutions.orders:write.renameTo"],
        [{ "orders:write": { renameTo: "shop:fresh" } }, "scopeResolutions.orders:write.renameTo"],
        [{ "orders:write": { reuse: false } }, "scopeResolutions.orders:write.reuse"],
        [{ "orders:write": { reuse: true, renameTo: "x:y" } }, "scopeResolutions.orders:write"],
        [{ "not:in:document": { renameTo: "x:y" } }, "scopeResolutions.not:in:document"],
        [{ "shop:fresh": { reuse: true } }, "scopeResolutions.shop:fresh"],
        [["orders:write"], "scopeResolutions"],
      ];
      for (const [scopeResolutions, field] of cases) {
        const res = await importAs("ann", { scopeResolutions });
        expect(res.status, JSON.stringify(scopeResolutions)).toBe(400);
        expect(res.body.code).toBe("VALIDATION_FAILED");
        expect(
          res.body.details.fields.map((f: { field: string }) => f.field),
          JSON.stringify(scopeResolutions),
        ).toContain(field);
      }
      // two names renamed to one
      const twice = await api.call("POST", "/apis/import-openapi", "ann", {
        document: documentWith("Twice", "1.0.0", ["a:one", "a:two"]),
        context: "/twice",
        scopeResolutions: { "a:one": { renameTo: "a:same" }, "a:two": { renameTo: "a:same" } },
      });
      expect(twice.status).toBe(400);
      expect(await stored()).toEqual(before);
    });

    it("a new name that is taken too is a 409 at that name's field", async () => {
      const before = await stored();
      const res = await importAs("ann", {
        scopeResolutions: { "orders:read": { reuse: true }, "orders:write": { renameTo: "orders:read" } },
      });
      expect(res.status).toBe(409);
      expect(res.body.details.fields).toContainEqual({
        field: "scopeResolutions.orders:write.renameTo",
        message: "orders:read is taken too",
      });
      expect(await stored()).toEqual(before);
    });

    it("imports with the shared scope reused and the other renamed: resources require them, bob's scope is untouched", async () => {
      const res = await importAs("ann", {
        scopeResolutions: {
          "orders:read": { reuse: true },
          "orders:write": { renameTo: "shop.orders:write" },
        },
        scopeRoles: { "shop.orders:write": ["developer"], "shop:fresh": ["publisher"] },
      });
      expect(res.status).toBe(201);
      const byPath = Object.fromEntries(
        res.body.resources.map((r: { path: string; scopes: string[] }) => [r.path, r.scopes]),
      );
      expect(byPath).toEqual({
        "/op0": ["orders:read"],
        "/op1": ["shop.orders:write"],
        "/op2": ["shop:fresh"],
      });
      // the API declares the renamed and the new scope, not the reused shared one
      expect(res.body.scopes.map((s: { name: string; roles: string[] }) => [s.name, s.roles])).toEqual([
        ["shop.orders:write", ["developer"]],
        ["shop:fresh", ["publisher"]],
      ]);
      const shared = await api.call("GET", "/scopes", "ann");
      expect(shared.body.find((s: { name: string }) => s.name === "orders:read")).toMatchObject({
        roles: ["developer"],
        usage: { resources: 1, apis: 1 },
      });
      const bobs = await api.db.scope.findUniqueOrThrow({
        where: { name: "orders:write" },
        include: { api: true, resources: true },
      });
      expect([bobs.api?.context, bobs.resources.length]).toEqual(["/bobs", 1]);
      // the export shows the new name where the document had the old one
      const exported = await api.call("GET", `/apis/${res.body.id}/openapi`, "ann");
      expect(exported.body.paths["/op1"].get.security).toEqual([{ portico: ["shop.orders:write"] }]);
    });

    it("reuses the scope of the publisher's own earlier version at the same context, which another publisher cannot", async () => {
      const v2 = documentWith("Shop", "2.0.0", ["shop:fresh"]);
      const conflict = await api.call("POST", "/apis/import-openapi", "ann", {
        document: v2,
        context: "/shop",
      });
      expect(conflict.status).toBe(409);
      expect(conflict.body.details.conflicts).toMatchObject([{ name: "shop:fresh", reusable: true }]);
      const byBob = await api.call("POST", "/apis/import-openapi", "bob", {
        document: v2,
        context: "/shop",
        scopeResolutions: { "shop:fresh": { reuse: true } },
      });
      expect(byBob.status).toBe(400);
      const res = await api.call("POST", "/apis/import-openapi", "ann", {
        document: v2,
        context: "/shop",
        scopeResolutions: { "shop:fresh": { reuse: true } },
      });
      expect(res.status).toBe(201);
      expect(res.body.version).toBe("2.0.0");
      expect(res.body.scopes).toEqual([]);
      expect(res.body.resources[0].scopes).toEqual(["shop:fresh"]);
      const scope = await api.db.scope.findUniqueOrThrow({
        where: { name: "shop:fresh" },
        include: { api: true },
      });
      expect(scope.api?.version).toBe("1.0.0");
    });

    it("a reserved name must be renamed", async () => {
      const res = await api.call("POST", "/apis/import-openapi", "ann", {
        document: documentWith("Ids", "1.0.0", ["openid"]),
        context: "/ids",
      });
      expect(res.status).toBe(409);
      expect(res.body.details.conflicts).toMatchObject([{ name: "openid", reusable: false }]);
      const renamed = await api.call("POST", "/apis/import-openapi", "ann", {
        document: documentWith("Ids", "1.0.0", ["openid"]),
        context: "/ids",
        scopeResolutions: { openid: { renameTo: res.body.details.conflicts[0].suggestion } },
      });
      expect(renamed.status).toBe(201);
      expect(renamed.body.resources[0].scopes).toEqual(["ids.openid"]);
    });

    it("scopes named like Object properties are names like any other", async () => {
      const res = await api.call("POST", "/apis/import-openapi", "ann", {
        document: documentWith("Props", "1.0.0", ["constructor", "toString", "hasOwnProperty"]),
        context: "/props",
        scopeRoles: { toString: ["developer"] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.scopes.map((s: { name: string; roles: string[] }) => [s.name, s.roles])).toEqual([
        ["constructor", []],
        ["hasOwnProperty", []],
        ["toString", ["developer"]],
      ]);
      const again = await api.call("POST", "/apis/import-openapi", "ann", {
        document: documentWith("Props2", "1.0.0", ["constructor"]),
        context: "/props2",
        scopeResolutions: JSON.parse(
          '{"__proto__": {"reuse": true}, "constructor": {"renameTo": "props2.constructor"}}',
        ),
      });
      // a "__proto__" key is no name of the document's and changes nothing (the parsed body drops it)
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      expect(again.body.resources[0].scopes).toEqual(["props2.constructor"]);
    });

    it("two imports racing for one new name: one is created, the other is a 409, one scope exists", async () => {
      const racing = (context: string) =>
        api.call("POST", "/apis/import-openapi", "ann", {
          document: documentWith(`Race${context.slice(1)}`, "1.0.0", ["orders:read"]),
          context,
          scopeResolutions: { "orders:read": { renameTo: "race:orders" } },
        });
      const results = await Promise.all([racing("/race1"), racing("/race2")]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await api.db.scope.count({ where: { name: "race:orders" } })).toBe(1);
      expect(await api.db.api.count({ where: { context: { in: ["/race1", "/race2"] } } })).toBe(1);
    });
  },
);

// What the publisher's resource editor shows beside each resource of an imported API.
describe("the imported operations of an API", () => {
  let api: Awaited<ReturnType<typeof startPublisherApi>>;
  beforeAll(async () => {
    api = await startPublisherApi({ ann: ["publisher"], bob: ["publisher"] });
  });
  afterAll(() => api?.close());
  const as = (user: string) =>
    buildOperationContext(
      { db: api.db, issuer: ISSUER, gatewayUrl: GATEWAY },
      sessionPrincipal({ id: api.ids[user] ?? "", username: user, roles: ["publisher"] }),
    );

  it("gives each operation's summary, parameters ($refs resolved, the path's too) and body, to the owner only", async () => {
    const document = {
      openapi: "3.0.3",
      info: { title: "Docs", version: "1.0.0" },
      components: {
        parameters: {
          units: { name: "units", in: "query", description: "metric", schema: { type: "string" } },
        },
      },
      paths: {
        "/forecast/{city}/": {
          parameters: [{ name: "city", in: "path", required: true, schema: { type: "string" } }],
          get: {
            summary: "Forecast",
            description: "By the hour.",
            parameters: [
              { $ref: "#/components/parameters/units" },
              {
                name: "days",
                in: "query",
                schema: { type: "array", items: { type: "integer", format: "int32" } },
              },
            ],
            responses: { "200": { description: "ok" } },
          },
          post: {
            deprecated: true,
            requestBody: { content: { "application/json": { schema: { type: "object" } } } },
            responses: { "201": { description: "created" } },
          },
        },
      },
    };
    const imported = await api.call("POST", "/apis/import-openapi", "ann", { document, context: "/docs" });
    expect(imported.status).toBe(201);
    const operations = await getApiOperations(as("ann"), imported.body.id);
    expect(operations).toEqual({
      "GET /forecast/{city}": {
        summary: "Forecast",
        description: "By the hour.",
        deprecated: false,
        parameters: [
          { name: "city", in: "path", required: true, type: "string", description: undefined },
          { name: "units", in: "query", required: false, type: "string", description: "metric" },
          { name: "days", in: "query", required: false, type: "integer (int32)[]", description: undefined },
        ],
      },
      "POST /forecast/{city}": {
        summary: undefined,
        description: undefined,
        deprecated: true,
        parameters: [{ name: "city", in: "path", required: true, type: "string", description: undefined }],
        requestBody: { required: false, mediaTypes: ["application/json"] },
      },
    });
    // the resources are named the same way, so each row finds its operation
    expect(
      imported.body.resources.map((r: { method: string; path: string }) => `${r.method} ${r.path}`).sort(),
    ).toEqual(Object.keys(operations).sort());
    await expect(getApiOperations(as("bob"), imported.body.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const byHand = await api.call("POST", "/apis", "ann", {
      name: "Hand",
      version: "1.0.0",
      context: "/hand",
    });
    expect(await getApiOperations(as("ann"), byHand.body.id)).toEqual({});
  });
});
