import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { bearer, call, createWorld, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;
let token: string;

const openApi = {
  openapi: "3.0.3",
  info: { title: "Orders", version: "1.0.0" },
  paths: {
    "/orders": {
      get: {
        parameters: [
          { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } },
          { name: "X-Tenant", in: "header", required: true, schema: { type: "string", pattern: "^[a-z]+$" } },
        ],
        responses: { "200": { description: "ok" } },
      },
      post: {
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } },
        },
        responses: { "201": { description: "created" } },
      },
    },
    "/orders/{orderId}": {
      parameters: [{ $ref: "#/components/parameters/OrderId" }],
      get: { responses: { "200": { description: "ok" } } },
    },
  },
  components: {
    parameters: {
      OrderId: { name: "orderId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
    },
    schemas: {
      Order: {
        type: "object",
        required: ["item", "quantity", "email"],
        properties: {
          item: { type: "string", minLength: 1 },
          quantity: { type: "integer", minimum: 1 },
          email: { type: "string", format: "email" },
          lines: { type: "array", items: { $ref: "#/components/schemas/Line" } },
        },
      },
      Line: { type: "object", required: ["sku"], properties: { sku: { type: "string" } } },
    },
  },
};

beforeAll(async () => {
  world = await createWorld();
  const app = await world.createApplication("validated");
  const resources = [
    { method: "GET", path: "/orders" },
    { method: "POST", path: "/orders" },
    { method: "GET", path: "/orders/{id}" },
    { method: "GET", path: "/undocumented" },
  ];
  const validated = await world.createApi({
    context: "/validated",
    gatewayPolicies: [{ policy: "request-validation", config: {} }],
    resources,
  });
  await world.db.api.update({ where: { id: validated.id }, data: { openApi: JSON.stringify(openApi) } });
  const noDocument = await world.createApi({
    context: "/nodoc",
    gatewayPolicies: [{ policy: "request-validation" }],
    resources: [{ method: "GET", path: "/x", authRequired: false }],
  });
  await world.subscribe(app.id, validated.id);
  await world.subscribe(app.id, noDocument.id);
  token = (await world.mintJwt({ clientId: app.productionClientId })).token;
  gw = await world.start();
});

afterAll(async () => world.close());

const url = (path: string) => `${gw.httpUrl}/validated/1.0.0${path}`;
const post = (body: string, type = "application/json") =>
  call(url("/orders"), { method: "POST", headers: { ...bearer(token), "content-type": type }, body });

async function refused(answer: Promise<Awaited<ReturnType<typeof call>>>, description: string | RegExp) {
  world.upstream.seen.length = 0;
  const r = await answer;
  expect(r.status).toBe(400);
  expect(r.json().code).toBe("invalid_request");
  expect(r.json().description).toMatch(description);
  expect(world.upstream.seen).toHaveLength(0);
}

describe("request-validation policy at the gateway", () => {
  it("passes a valid body through unchanged to the backend", async () => {
    world.upstream.seen.length = 0;
    const body = JSON.stringify({
      item: "pizza",
      quantity: 2,
      email: "ann@example.com",
      lines: [{ sku: "p1" }],
    });
    const r = await post(body);
    expect(r.status).toBe(200);
    expect(world.upstream.seen[0]?.body).toBe(body);
    expect(world.upstream.seen[0]?.headers["content-length"]).toBe(String(Buffer.byteLength(body)));
  });

  it("names the failing JSON pointer of a bad body, without calling the backend", async () => {
    await refused(
      post(JSON.stringify({ item: "pizza", quantity: 0, email: "ann@example.com" })),
      "request body /quantity must be >= 1",
    );
    await refused(post(JSON.stringify({ item: "pizza", quantity: 1 })), "request body /email is required");
    await refused(
      post(JSON.stringify({ item: "p", quantity: 1, email: "not-an-email" })),
      /\/email must match format "email"/,
    );
    await refused(
      post(JSON.stringify({ item: "p", quantity: 1, email: "a@b.co", lines: [{}] })),
      "request body /lines/0/sku is required",
    );
    await refused(post("{not json"), "not valid JSON");
    await refused(post("", "application/json"), "request body is required");
    await refused(post("item=pizza", "application/x-www-form-urlencoded"), /must be application\/json/);
  });

  it("checks query, header and path parameters", async () => {
    const tenant = { ...bearer(token), "x-tenant": "acme" };
    expect((await call(url("/orders?limit=10"), { headers: tenant })).status).toBe(200);
    await refused(
      call(url("/orders?limit=1000"), { headers: tenant }),
      "query parameter /limit must be <= 100",
    );
    await refused(
      call(url("/orders?limit=ten"), { headers: tenant }),
      "query parameter /limit must be integer",
    );
    await refused(call(url("/orders"), { headers: bearer(token) }), "header /x-tenant is required");
    await refused(
      call(url("/orders"), { headers: { ...bearer(token), "x-tenant": "ACME" } }),
      /header \/x-tenant must match pattern/,
    );
    expect(
      (await call(url("/orders/0b7c1f6e-51d4-4a43-9d0a-3e3a1f1f6a11"), { headers: bearer(token) })).status,
    ).toBe(200);
    await refused(
      call(url("/orders/42"), { headers: bearer(token) }),
      /path parameter \/orderId must match format "uuid"/,
    );
  });

  it("lets a resource the document does not describe through", async () => {
    expect((await call(url("/undocumented"), { headers: bearer(token) })).status).toBe(200);
  });

  it("refuses a body over the gateway's limit before validating it (body bomb)", async () => {
    const stop = world.upstream.seen.length;
    const huge = `{"item":"${"x".repeat(11 * 1024 * 1024)}"}`;
    const r = await post(huge).catch(() => undefined);
    if (r) expect(r.status).toBe(413);
    expect(world.upstream.seen.length).toBe(stop);
  });

  it("refuses calls when the API has no OpenAPI document to validate against (fail closed)", async () => {
    const r = await call(`${gw.httpUrl}/nodoc/1.0.0/x`);
    expect(r.status).toBe(503);
    expect(r.json().code).toBe("policy_unavailable");
  });
});
