import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, type World } from "./fixtures";

// A backend that honours method and path overrides, as express's method-override, Symfony and
// ASP.NET do: what it runs is what the call really did.
interface Ran {
  method: string;
  path: string;
}
let ran: Ran[] = [];
let backend: Server;
let world: World;
let gw: RunningGateway;
let readToken: string;

beforeAll(async () => {
  backend = createServer((req, res) => {
    const override =
      req.headers["x-http-method-override"] ??
      req.headers["x-http-method"] ??
      req.headers["x-method-override"];
    const method = typeof override === "string" ? override.toUpperCase() : (req.method ?? "");
    const rewritten = req.headers["x-original-url"] ?? req.headers["x-rewrite-url"];
    const path = typeof rewritten === "string" ? rewritten : (req.url ?? "");
    ran.push({ method, path });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ method, path }));
  });
  await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  world = await createWorld();
  const resources = [
    { method: "GET", path: "/orders/{id}", scopes: ["orders:read"] },
    { method: "DELETE", path: "/orders/{id}", scopes: ["orders:delete"] },
  ];
  const strict = await world.createApi({ context: "/orders-api", productionEndpoint: endpoint, resources });
  const legacy = await world.createApi({
    context: "/legacy",
    productionEndpoint: endpoint,
    allowMethodOverride: true,
    resources: [{ method: "POST", path: "/orders/{id}", scopes: ["orders:write"] }],
  });
  const app = await world.createApplication("override-app");
  await world.subscribe(app.id, strict.id);
  await world.subscribe(app.id, legacy.id);
  readToken = (await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read orders:write" }))
    .token;
  gw = await world.start();
});

afterAll(async () => {
  await world.close();
  await new Promise<void>((resolve) => {
    backend.closeAllConnections();
    backend.close(() => resolve());
  });
});

describe("method override headers", () => {
  it.each(["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"])(
    "%s: DELETE never runs on a GET authorized with the read scope",
    async (header) => {
      ran = [];
      const r = await call(`${gw.httpUrl}/orders-api/1.0.0/orders/7`, {
        headers: { ...bearer(readToken), [header]: "DELETE" },
      });
      expect(r.status).toBe(200);
      expect(ran).toEqual([{ method: "GET", path: "/orders/7" }]);
    },
  );

  it("reach the backend of an API that opts in", async () => {
    ran = [];
    const r = await call(`${gw.httpUrl}/legacy/1.0.0/orders/7`, {
      method: "POST",
      headers: { ...bearer(readToken), "X-HTTP-Method-Override": "PATCH" },
    });
    expect(r.status).toBe(200);
    expect(ran).toEqual([{ method: "PATCH", path: "/orders/7" }]);
  });

  it("path overrides (X-Original-URL, X-Rewrite-URL) never reach a backend, opted in or not", async () => {
    ran = [];
    for (const header of ["X-Original-URL", "X-Rewrite-URL"]) {
      await call(`${gw.httpUrl}/orders-api/1.0.0/orders/7`, {
        headers: { ...bearer(readToken), [header]: "/admin/users" },
      });
      await call(`${gw.httpUrl}/legacy/1.0.0/orders/7`, {
        method: "POST",
        headers: { ...bearer(readToken), [header]: "/admin/users" },
      });
    }
    expect(ran.map((r) => r.path)).toEqual(["/orders/7", "/orders/7", "/orders/7", "/orders/7"]);
  });
});
