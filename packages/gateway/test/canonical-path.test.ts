import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, createWorld, rawCall, type World } from "./fixtures";

// A lenient backend, as many frameworks are: it decodes the path, drops matrix parameters and
// merges slashes before routing. What it routes to is what the call really reaches.
interface Reached {
  raw: string;
  handler: string;
}
let reached: Reached[] = [];
let backend: Server;
let world: World;
let gw: RunningGateway;
let readToken: string;
let exportToken: string;

function route(raw: string): string {
  const path = decodeURIComponent(raw.split("?")[0] ?? "")
    .replace(/;[^/]*/g, "")
    .replace(/\/+/g, "/");
  if (path === "/orders/export") return "export";
  if (path === "/public/admin") return "admin";
  if (/^\/orders\/[^/]+$/.test(path)) return "order";
  if (path.startsWith("/public/")) return "public";
  return "none";
}

beforeAll(async () => {
  backend = createServer((req, res) => {
    const handler = route(req.url ?? "");
    reached.push({ raw: req.url ?? "", handler });
    res.writeHead(handler === "none" ? 404 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify({ handler, raw: req.url }));
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  world = await createWorld();
  const { id } = await world.createApi({
    context: "/shop",
    productionEndpoint: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`,
    resources: [
      { method: "GET", path: "/orders/{id}", scopes: ["orders:read"] },
      { method: "GET", path: "/orders/export", scopes: ["orders:export"] },
      { method: "GET", path: "/public/*", authRequired: false },
      { method: "GET", path: "/public/admin", scopes: ["admin"] },
    ],
  });
  const app = await world.createApplication("canonical-app");
  await world.subscribe(app.id, id);
  readToken = (await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" })).token;
  exportToken = (await world.mintJwt({ clientId: app.productionClientId, scope: "orders:export" })).token;
  gw = await world.start();
});

afterAll(async () => {
  await world.close();
  await new Promise<void>((resolve) => {
    backend.closeAllConnections();
    backend.close(() => resolve());
  });
});

const get = (path: string, token = readToken) =>
  rawCall(`${gw.httpUrl}/shop/1.0.0${path}`, { headers: bearer(token) });

describe("encoded paths cannot walk past per-resource scopes", () => {
  it.each([
    "/orders/%65xport",
    "/orders/expor%74",
    "/orders/%65%78%70%6f%72%74",
    "/orders/%65%78%70%6F%72%74",
  ])("%s with only the GET /orders/{id} scope: 403, the export handler never runs", async (path) => {
    reached = [];
    const r = await get(path);
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("insufficient_scope");
    expect(r.headers["www-authenticate"]).toMatch(/scope="orders:export"/);
    expect(reached).toHaveLength(0);
  });

  it("the same spelling with the export scope reaches export, and the backend is sent the canonical path", async () => {
    reached = [];
    const r = await get("/orders/expor%74?format=csv", exportToken);
    expect(r.status).toBe(200);
    expect(reached).toEqual([{ raw: "/orders/export?format=csv", handler: "export" }]);
  });

  it("an encoded order id still reaches the order handler with the order scope", async () => {
    reached = [];
    expect((await get("/orders/4%32")).status).toBe(200);
    expect((await get("/orders/caf%c3%a9")).status).toBe(200);
    expect((await get("/orders/a{b}")).status).toBe(200);
    expect(reached).toEqual([
      { raw: "/orders/42", handler: "order" },
      // other escapes stay, in upper-case hex; characters a path may not hold literally are encoded
      { raw: "/orders/caf%C3%A9", handler: "order" },
      { raw: "/orders/a%7Bb%7D", handler: "order" },
    ]);
  });

  it("keeps case: /orders/EXPORT is an order id, sent as written", async () => {
    reached = [];
    expect((await get("/orders/EXPORT")).status).toBe(200);
    expect(reached).toEqual([{ raw: "/orders/EXPORT", handler: "order" }]);
  });

  it.each([
    "/orders/export;x",
    "/orders;x/export",
    "/orders/export%3Bx",
    "/orders/export%3bx",
    "/public;x/admin",
  ])("%s: matrix parameters are refused with 400 bad_path", async (path) => {
    reached = [];
    const r = await get(path);
    expect(r.status).toBe(400);
    expect(r.json().code).toBe("bad_path");
    expect(reached).toHaveLength(0);
  });

  it("merges repeated slashes, so /public//admin is /public/admin (scoped), not the open /public/*", async () => {
    reached = [];
    const r = await get("/public//admin");
    expect(r.status).toBe(403);
    expect(reached).toHaveLength(0);
    expect((await get("/public//a///b")).status).toBe(200);
    expect(reached).toEqual([{ raw: "/public/a/b", handler: "public" }]);
  });

  it("decodes the context and version too", async () => {
    reached = [];
    const r = await rawCall(`${gw.httpUrl}/sho%70/1%2E0%2E0/orders/expor%74`, { headers: bearer(readToken) });
    expect(r.status).toBe(403);
    expect(reached).toHaveLength(0);
  });

  it("sends a plain path through unchanged", async () => {
    reached = [];
    expect((await get("/orders/42?x=%20y")).status).toBe(200);
    expect(reached).toEqual([{ raw: "/orders/42?x=%20y", handler: "order" }]);
  });
});
