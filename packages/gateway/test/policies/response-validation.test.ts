import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { call, createWorld, type World } from "../fixtures";

const openApi = {
  openapi: "3.0.3",
  info: { title: "Orders", version: "1.0.0" },
  paths: {
    "/orders/{orderId}": {
      get: {
        parameters: [{ name: "orderId", in: "path", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "the order",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } },
          },
          default: {
            description: "an error",
            content: {
              "application/json": {
                schema: { type: "object", required: ["code"], properties: { code: { type: "string" } } },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Order: {
        type: "object",
        required: ["id", "total"],
        properties: { id: { type: "string" }, total: { type: "number", minimum: 0 } },
      },
    },
  },
};

let world: World;
let gw: RunningGateway;
let apiId: string;
let now = Date.parse("2026-12-02T10:00:00Z");
const warnings: Array<{ message: string; fields: Record<string, unknown> }> = [];
/** what the backend answers next: [status, body as sent] */
let answer: [number, string] = [200, '{"id":"7","total":12.5}'];

beforeAll(async () => {
  world = await createWorld();
  world.upstream.respond = (_seen, res) => {
    res.writeHead(answer[0], { "content-type": "application/json" });
    res.end(answer[1]);
  };
  ({ id: apiId } = await world.createApi({
    context: "/orders",
    gatewayPolicies: [{ policy: "request-validation", config: { responses: "log" } }],
    resources: [{ method: "GET", path: "/orders/{id}", authRequired: false }],
  }));
  await world.db.api.update({ where: { id: apiId }, data: { openApi: JSON.stringify(openApi) } });
  gw = await world.start({
    clock: () => now,
    log: (level, message, _error, fields) => {
      if (level === "warn" && message.includes("response schema"))
        warnings.push({ message, fields: { ...fields } });
    },
  });
});

afterAll(() => world.close());

const get = () => call(`${gw.httpUrl}/orders/1.0.0/orders/7`);

describe("response validation (log-only) at the gateway", () => {
  it("passes a matching answer on without a warning", async () => {
    const r = await get();
    expect([r.status, r.text]).toEqual([200, '{"id":"7","total":12.5}']);
    expect(warnings).toHaveLength(0);
  });

  it("logs a mismatch once, naming the failing pointer but no value, and passes the answer on untouched", async () => {
    answer = [200, '{"id":"7","total":"SECRET-TOTAL-4242"}'];
    const r = await get();
    expect([r.status, r.text]).toEqual(answer);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({
      api: apiId,
      resource: "GET /orders/{id}",
      status: 200,
      pointer: "/total",
      keyword: "type",
    });
    expect(JSON.stringify(warnings[0])).not.toContain("SECRET");
    expect(warnings[0]?.fields.requestId).toBe(r.headers["x-request-id"]);
  });

  it("logs the same pointer again only after the window, and another pointer at once", async () => {
    for (let i = 0; i < 5; i++) expect((await get()).status).toBe(200);
    expect(warnings).toHaveLength(1);
    answer = [200, '{"total":3}'];
    expect((await get()).text).toBe('{"total":3}');
    expect(warnings).toHaveLength(2);
    expect(warnings[1]?.fields.pointer).toBe("/id");
    now += 61_000;
    answer = [200, '{"id":"7","total":"x"}'];
    await get();
    expect(warnings).toHaveLength(3);
    expect(warnings[2]?.fields.pointer).toBe("/total");
  });

  it("checks error answers against the default response, and logs an answer that is not JSON", async () => {
    answer = [503, '{"code":7}'];
    const r = await get();
    expect([r.status, r.text]).toEqual(answer);
    expect(warnings.at(-1)?.fields).toMatchObject({ status: 503, pointer: "/code" });
    answer = [200, "{not json"];
    expect((await get()).text).toBe("{not json");
    expect(warnings.at(-1)?.fields).toMatchObject({ status: 200, pointer: "/", keyword: "json" });
  });

  it("passes an answer larger than it checks on whole, unchecked", async () => {
    const count = warnings.length;
    answer = [200, JSON.stringify({ id: 7, total: "y", pad: "z".repeat(1_200_000) })];
    const r = await get();
    expect(r.text.length).toBe(answer[1].length);
    expect(warnings).toHaveLength(count);
  });
});
