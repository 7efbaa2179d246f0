import { expect } from "vitest";
import type { RunningGateway } from "../src/index";
import { createWorld, type World } from "./fixtures";

/** One API with scoped, open and any-token resources, a subscribed application and one that is not. */
export async function startAuthWorld() {
  const world: World = await createWorld();
  const { id: apiId } = await world.createApi({
    context: "/orders",
    sandboxEndpoint: `${world.upstream.url}/sandbox`,
    resources: [
      { method: "GET", path: "/list", scopes: ["orders:read"] },
      { method: "POST", path: "/list", scopes: ["orders:read", "orders:write"] },
      { method: "GET", path: "/public", authRequired: false },
      { method: "GET", path: "/any" },
    ],
  });
  const app = await world.createApplication("shop");
  const other = await world.createApplication("unsubscribed");
  await world.subscribe(app.id, apiId);
  const gw: RunningGateway = await world.start();
  return { world, gw, app, other, apiId, url: `${gw.httpUrl}/orders/1.0.0` };
}

export function expectChallenge(header: unknown, error?: string) {
  expect(typeof header).toBe("string");
  expect(header).toMatch(/^Bearer realm="portico"/);
  if (error) expect(header).toContain(`error="${error}"`);
}
