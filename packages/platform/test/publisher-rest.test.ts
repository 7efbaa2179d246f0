import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publisherRoutes } from "../src/rest/index";
import { GATEWAY, makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { type RestCall, serveRestApis } from "./rest-api";

let db: Db;
let server: Awaited<ReturnType<typeof serveRestApis>>;
let token: Awaited<ReturnType<typeof tokenIssuer>>;
const ids: Record<string, string> = {};
const publisherScopes = "portico:api_view portico:api_create portico:api_publish";

beforeAll(async () => {
  db = await scratchDb();
  token = await tokenIssuer(db);
  for (const [name, roles] of [
    ["pat", ["publisher"]],
    ["quinn", ["publisher"]],
    ["dev", ["developer"]],
    ["root", ["admin", "publisher", "developer"]],
  ] as const) {
    ids[name] = (await makeUser(db, name, [...roles])).id;
  }
  const base = "/api/publisher/v1";
  server = await serveRestApis(db, [{ base, routes: publisherRoutes }]);
  call = server.caller(base);
});
afterAll(async () => {
  await server.close();
  await db.$disconnect();
});

let call: RestCall;

const pizza = {
  name: "Pizza",
  version: "1.0.0",
  context: "/pizza",
  endpoints: { production: "http://127.0.0.1:9/pizza" },
  scopes: [
    { name: "pizza:read", description: "read the menu", roles: ["developer"] },
    { name: "pizza:order", roles: ["developer"] },
  ],
  resources: [
    { method: "GET", path: "/menu", scopes: ["pizza:read"] },
    { method: "POST", path: "/orders", scopes: ["pizza:order"] },
    { method: "GET", path: "/health", authRequired: false },
  ],
};

describe("publisher REST API: authentication and scopes", () => {
  it("refuses a call without a token with 401 and WWW-Authenticate", async () => {
    const res = await call("GET", "/apis", null);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    expect(res.body.code).toBe("UNAUTHENTICATED");
  });

  it("refuses a token without the endpoint's scope with 403 insufficient_scope", async () => {
    const t = await token(ids.pat ?? "", "portico:api_view");
    const res = await call("POST", "/apis", t, pizza);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer error="insufficient_scope", scope="portico:api_create"',
    );
    expect(await db.api.count({ where: { context: "/pizza" } })).toBe(0);
  });

  it("refuses a developer even if a token somehow carries publisher scopes", async () => {
    const t = await token(ids.dev ?? "", publisherScopes);
    expect((await call("GET", "/apis", t)).status).toBe(403);
  });

  it("refuses expired, revoked and forged tokens", async () => {
    expect(
      (await call("GET", "/apis", await token(ids.pat ?? "", publisherScopes, { expiresIn: -10 }))).status,
    ).toBe(401);
    const revoked = await call(
      "GET",
      "/apis",
      await token(ids.pat ?? "", publisherScopes, { revoked: true }),
    );
    expect(revoked.status).toBe(401);
    expect(revoked.body.message).toMatch(/revoked/);
    const good = await token(ids.pat ?? "", publisherScopes);
    const [h, p] = good.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p ?? "", "base64url").toString()), scope: "portico:admin" })).toString("base64url")}.${good.split(".")[2]}`;
    expect((await call("GET", "/apis", forged)).status).toBe(401);
  });
});

describe("publisher REST API: the API lifecycle", () => {
  it("creates an API with resources and per-resource scopes bound to roles", async () => {
    const res = await call("POST", "/apis", await token(ids.pat ?? "", publisherScopes), pizza);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Pizza",
      version: "1.0.0",
      context: "/pizza",
      state: "CREATED",
      isDefaultVersion: true,
    });
    expect(res.body.resources.find((r: { path: string }) => r.path === "/menu").scopes).toEqual([
      "pizza:read",
    ]);
    expect(res.body.resources.find((r: { path: string }) => r.path === "/health").authRequired).toBe(false);
    expect(res.body.scopes.find((s: { name: string }) => s.name === "pizza:read").roles).toEqual([
      "developer",
    ]);
    expect(res.body.gatewayUrls.versioned).toBe(`${GATEWAY}/pizza/1.0.0`);
    ids.pizza = res.body.id;
  });

  it("refuses the same context and version twice with 409, and bad input with 400 naming the field", async () => {
    const t = await token(ids.pat ?? "", publisherScopes);
    expect((await call("POST", "/apis", t, pizza)).status).toBe(409);
    const bad = await call("POST", "/apis", t, { ...pizza, context: "pizza/", version: "1.0.1" });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe("context");
    const undeclared = await call("POST", "/apis", t, {
      ...pizza,
      name: "P2",
      context: "/p2",
      scopes: [],
      resources: [{ method: "GET", path: "/x", scopes: ["nope"] }],
    });
    expect(undeclared.status).toBe(400);
    expect(await db.api.count({ where: { context: "/p2" } })).toBe(0);
    const reserved = await call("POST", "/apis", t, {
      ...pizza,
      name: "P3",
      scopes: [],
      resources: [],
      context: "/_portico",
      version: "2",
    });
    expect(reserved.status).toBe(400);
    expect((await call("POST", "/apis", t, "{not json")).status).toBe(400);
    expect((await call("POST", "/apis", t, JSON.stringify(pizza), "text/plain")).status).toBe(415);
  });

  it("publishes, refuses a transition the lifecycle does not allow, and audits each change", async () => {
    const t = await token(ids.pat ?? "", publisherScopes);
    const bad = await call("POST", `/apis/${ids.pizza}/lifecycle`, t, { action: "retire" });
    expect(bad.status).toBe(409);
    expect(bad.body.message).toMatch(/cannot retire an API in state CREATED/);
    const ok = await call("POST", `/apis/${ids.pizza}/lifecycle`, t, { action: "publish" });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ state: "PUBLISHED" });
    const events = await db.auditEvent.findMany({
      where: { targetId: ids.pizza, action: { startsWith: "api.lifecycle" } },
    });
    expect(events.map((e) => e.action)).toEqual(["api.lifecycle.publish"]);
    expect(
      await db.changeEvent.count({ where: { topic: "api", entityId: ids.pizza } }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("needs an endpoint and a resource to publish", async () => {
    const t = await token(ids.pat ?? "", publisherScopes);
    const empty = await call("POST", "/apis", t, { name: "Empty", version: "1", context: "/empty" });
    expect(empty.status).toBe(201);
    const res = await call("POST", `/apis/${empty.body.id}/lifecycle`, t, { action: "publish" });
    expect(res.status).toBe(400);
    expect(res.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      "endpoints",
      "resources",
    ]);
  });

  it("hides another publisher's private API (404) and lets no one else change theirs", async () => {
    const mine = await call("POST", "/apis", await token(ids.pat ?? "", publisherScopes), {
      name: "Secret",
      version: "1",
      context: "/secret",
      visibility: "PRIVATE",
    });
    const other = await token(ids.quinn ?? "", publisherScopes);
    expect((await call("GET", `/apis/${mine.body.id}`, other)).status).toBe(404);
    expect((await call("GET", "/apis", other)).body.map((a: { name: string }) => a.name)).not.toContain(
      "Secret",
    );
    expect((await call("PUT", `/apis/${ids.pizza}`, other, { description: "hijacked" })).status).toBe(404);
    const admin = await token(ids.root ?? "", `${publisherScopes} portico:admin`);
    expect((await call("GET", `/apis/${mine.body.id}`, admin)).status).toBe(200);
  });

  it("refuses to delete an API while it has subscriptions", async () => {
    const t = await token(ids.pat ?? "", publisherScopes);
    const app = await db.application.create({ data: { name: "app", ownerId: ids.dev ?? "" } });
    const tier = await db.throttlingTier.findFirstOrThrow({ where: { name: "Gold", level: "SUBSCRIPTION" } });
    await db.subscription.create({
      data: { applicationId: app.id, apiId: ids.pizza ?? "", tierId: tier.id },
    });
    const res = await call("DELETE", `/apis/${ids.pizza}`, t);
    expect(res.status).toBe(409);
    expect(await db.api.count({ where: { id: ids.pizza } })).toBe(1);
    const subs = await call("GET", `/apis/${ids.pizza}/subscriptions`, t);
    expect(subs.body).toHaveLength(1);
    const blocked = await call("POST", `/subscriptions/${subs.body[0].id}/state`, t, { action: "block" });
    expect(blocked.body.state).toBe("BLOCKED");
  });

  it("creates a new version that reuses the scopes", async () => {
    const t = await token(ids.pat ?? "", publisherScopes);
    const v2 = await call("POST", `/apis/${ids.pizza}/versions`, t, { version: "2.0.0" });
    expect(v2.status).toBe(201);
    expect(v2.body.state).toBe("CREATED");
    expect(v2.body.resources.find((r: { path: string }) => r.path === "/menu").scopes).toEqual([
      "pizza:read",
    ]);
  });
});

describe("publisher REST API: OpenAPI", () => {
  const yaml = `openapi: 3.0.3
info: { title: Weather, version: "2.1.0", description: Forecasts }
servers: [{ url: "https://weather.example/api" }]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://idp.example/token
          scopes: { "weather:read": "Read forecasts", "weather:admin": "Manage stations" }
security: [{ oauth: ["weather:read"] }]
paths:
  /forecast/{city}:
    get: { summary: Forecast for a city, parameters: [{ name: city, in: path, required: true, schema: { type: string } }], responses: { "200": { description: ok } } }
  /stations:
    post: { security: [{ oauth: ["weather:admin"] }], responses: { "201": { description: created } } }
  /status:
    get: { security: [], responses: { "200": { description: ok } } }
`;

  it("imports a YAML document: resources, scopes, open operations, and exports it back with scopes", async () => {
    const t = await token(ids.pat ?? "", publisherScopes);
    const res = await call("POST", "/apis/import-openapi", t, {
      document: yaml,
      context: "/weather",
      scopeRoles: { "weather:admin": ["publisher"] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: "Weather",
      version: "2.1.0",
      endpoints: { production: "https://weather.example/api" },
    });
    const byPath = Object.fromEntries(
      res.body.resources.map((r: { method: string; path: string }) => [`${r.method} ${r.path}`, r]),
    );
    expect(byPath["GET /forecast/{city}"].scopes).toEqual(["weather:read"]);
    expect(byPath["POST /stations"].scopes).toEqual(["weather:admin"]);
    expect(byPath["GET /status"].authRequired).toBe(false);
    expect(res.body.scopes.find((s: { name: string }) => s.name === "weather:admin").roles).toEqual([
      "publisher",
    ]);

    const exported = await call("GET", `/apis/${res.body.id}/openapi`, t);
    expect(exported.body.servers[0].url).toBe(`${GATEWAY}/weather/2.1.0`);
    expect(exported.body.paths["/stations"].post.security).toEqual([{ portico: ["weather:admin"] }]);
    expect(
      exported.body.components.securitySchemes.portico.flows.clientCredentials.scopes["weather:read"],
    ).toBe("Read forecasts");
  });

  it("refuses an invalid document and one with external references, creating nothing", async () => {
    const t = await token(ids.pat ?? "", publisherScopes);
    const before = await db.api.count();
    const invalid = await call("POST", "/apis/import-openapi", t, {
      document: "openapi: 3.0.3\ninfo: {}\npaths: 7",
      context: "/bad",
    });
    expect(invalid.status).toBe(400);
    const external = await call("POST", "/apis/import-openapi", t, {
      document: JSON.stringify({
        openapi: "3.0.3",
        info: { title: "X", version: "1" },
        paths: { "/a": { get: { responses: { "200": { $ref: "file:///etc/passwd" } } } } },
      }),
      context: "/ext",
    });
    expect(external.status).toBe(400);
    expect(JSON.stringify(external.body)).not.toContain("root:");
    expect(
      (await call("POST", "/apis/import-openapi", t, { document: "swagger: '2.0'", context: "/sw" })).status,
    ).toBe(400);
    expect(await db.api.count()).toBe(before);
  });

  it("serves its own OpenAPI document", async () => {
    const res = await fetch(`${server.url}/api/publisher/v1/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/apis/{id}/lifecycle");
  });
});
