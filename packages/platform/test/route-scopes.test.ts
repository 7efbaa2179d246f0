import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RestScope } from "../src/auth/principal";
import { adminRoutes, devportalRoutes, publisherRoutes, type Route } from "../src/rest/index";
import { makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { serveRestApis } from "./rest-api";

// Every endpoint of the three REST APIs, with and without the scope it needs: no token is 401,
// a token without the endpoint's scope is 403 naming it, the scope (with a role allowing it) gets in.
const apis: Array<[string, string, Route[]]> = [
  ["publisher", "/api/publisher/v1", publisherRoutes],
  ["admin", "/api/admin/v1", adminRoutes],
  ["devportal", "/api/devportal/v1", devportalRoutes],
];
const allScopes = Object.values(RestScope);

let db: Db;
let servers: Record<string, { url: string; close(): Promise<void> }> = {};
let token: Awaited<ReturnType<typeof tokenIssuer>>;
let rootId: string;

beforeAll(async () => {
  db = await scratchDb();
  token = await tokenIssuer(db);
  rootId = (await makeUser(db, "root", ["admin", "publisher", "developer"])).id;
  servers = {};
  for (const [name, base, routes] of apis) {
    servers[name] = await serveRestApis(db, [{ base, routes }]);
  }
});
afterAll(async () => {
  for (const s of Object.values(servers)) await s.close();
  await db.$disconnect();
});

function urlOf(name: string, base: string, route: Route) {
  return `${servers[name]?.url}${base}${route.path.replace(/\{[A-Za-z]+\}/g, "no-such-id")}`;
}

async function call(url: string, method: string, bearer?: string) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(method === "POST" || method === "PUT" ? { "content-type": "application/json" } : {}),
    },
    body: method === "POST" || method === "PUT" ? "{}" : undefined,
  });
  return { status: res.status, challenge: res.headers.get("www-authenticate") };
}

for (const [name, base, routes] of apis) {
  describe(`${name} REST API`, () => {
    for (const route of routes) {
      it(`${route.method} ${route.path} needs ${route.scope}`, async () => {
        const url = urlOf(name, base, route);
        expect((await call(url, route.method)).status).toBe(401);
        const without = await call(
          url,
          route.method,
          await token(rootId, allScopes.filter((s) => s !== route.scope).join(" ")),
        );
        expect(without.status).toBe(403);
        expect(without.challenge).toBe(`Bearer error="insufficient_scope", scope="${route.scope}"`);
        const withScope = await call(url, route.method, await token(rootId, route.scope));
        expect([401, 403]).not.toContain(withScope.status);
      });
    }
  });
}
