import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "./fixtures";
import { type Platform, startPlatform } from "./platform-server";

// A publisher's block is theirs to lift: the developer cannot undo it by unsubscribing and
// subscribing again, and another publisher cannot lift it either.
describe.each<Provider>(["sqlite", "postgresql"])("a blocked subscription on %s", (provider) => {
  let p: Platform;
  let apiId = "";
  let appId = "";

  beforeAll(async () => {
    p = await startPlatform(
      { ann: ["publisher"], bob: ["publisher"], dana: ["developer"], root: ["admin"] },
      provider,
    );
    const api = await p.publisher("POST", "/apis", "ann", {
      name: "Pizza",
      version: "1.0.0",
      context: "/pizza",
      endpoints: { production: "https://backend.example/pizza" },
      resources: [{ method: "GET", path: "/menu" }],
    });
    apiId = api.body.id;
    expect((await p.publisher("POST", `/apis/${apiId}/lifecycle`, "ann", { action: "publish" })).status).toBe(
      200,
    );
    appId = (await p.devportal("POST", "/applications", "dana", { name: "Dana app" })).body.id;
  });
  afterAll(() => p?.close());

  const state = async () =>
    (
      await p.db.subscription.findMany({ where: { applicationId: appId, apiId }, select: { state: true } })
    ).map((s) => s.state);

  for (const action of ["block", "block_production"] as const) {
    it(`stays ${action === "block" ? "blocked" : "blocked for production"} across unsubscribe and subscribe`, async () => {
      const sub = await p.devportal("POST", "/subscriptions", "dana", {
        applicationId: appId,
        apiId,
        tier: "Gold",
      });
      expect(sub.status).toBe(201);
      expect(
        (await p.publisher("POST", `/subscriptions/${sub.body.id}/state`, "ann", { action })).status,
      ).toBe(200);
      const blocked = action === "block" ? "BLOCKED" : "PROD_ONLY_BLOCKED";

      const gone = await p.devportal("DELETE", `/subscriptions/${sub.body.id}`, "dana");
      expect(gone.status).toBe(409);
      expect(gone.body.details.state).toBe(blocked);
      const again = await p.devportal("POST", "/subscriptions", "dana", {
        applicationId: appId,
        apiId,
        tier: "Gold",
      });
      expect(again.status).toBe(409);
      expect(await state()).toEqual([blocked]);

      // another publisher cannot lift it; the API's owner (or an admin) can
      const other = await p.publisher("POST", `/subscriptions/${sub.body.id}/state`, "bob", {
        action: "unblock",
      });
      expect(other.status).toBe(404);
      expect(await state()).toEqual([blocked]);
      const lifted = await p.publisher("POST", `/subscriptions/${sub.body.id}/state`, "root", {
        action: "unblock",
      });
      expect(lifted.status).toBe(200);
      expect(await state()).toEqual(["ACTIVE"]);
      expect((await p.devportal("DELETE", `/subscriptions/${sub.body.id}`, "dana")).status).toBe(204);
      expect(await state()).toEqual([]);
    });
  }
});
