import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "./fixtures";
import { type Platform, startPlatform } from "./platform-server";

// What the developer portal offers for a token mirrors the key manager: a shared scope bound to
// no role is not the developer's unless its owner made it public.
describe.each<Provider>(["sqlite", "postgresql"])(
  "shared scopes in a developer's token on %s",
  (provider) => {
    let p: Platform;
    let appId = "";

    beforeAll(async () => {
      p = await startPlatform({ ann: ["publisher"], dana: ["developer"] }, provider);
      expect((await p.publisher("POST", "/scopes", "ann", { name: "orders:audit" })).status).toBe(201);
      const api = await p.publisher("POST", "/apis", "ann", {
        name: "Orders",
        version: "1.0.0",
        context: "/orders",
        endpoints: { production: "https://backend.example/orders" },
        resources: [{ method: "GET", path: "/audit", scopes: ["orders:audit"] }],
      });
      expect(
        (await p.publisher("POST", `/apis/${api.body.id}/lifecycle`, "ann", { action: "publish" })).status,
      ).toBe(200);
      appId = (await p.devportal("POST", "/applications", "dana", { name: "Dana app" })).body.id;
      expect(
        (
          await p.devportal("POST", "/subscriptions", "dana", {
            applicationId: appId,
            apiId: api.body.id,
            tier: "Gold",
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await p.devportal("POST", `/applications/${appId}/keys`, "dana", {
            keyType: "PRODUCTION",
            grantTypes: ["client_credentials"],
          })
        ).status,
      ).toBe(201);
    });
    afterAll(() => p?.close());

    const offered = async () =>
      (await p.devportal("GET", `/applications/${appId}/scopes`, "dana")).body.find(
        (s: { name: string }) => s.name === "orders:audit",
      );

    it("refuses an unbound shared scope until its owner makes it public", async () => {
      expect(await offered()).toMatchObject({ roles: [], allowed: false });
      const token = await p.devportal("POST", `/applications/${appId}/tokens`, "dana", {
        keyType: "PRODUCTION",
        scopes: ["orders:audit"],
      });
      expect(token.status).toBe(400);
      expect(token.body.message).toContain("your roles do not allow: orders:audit");
      expect((await p.publisher("PUT", "/scopes/orders:audit", "ann", { public: true })).status).toBe(200);
      expect(await offered()).toMatchObject({ roles: [], allowed: true });
    });
  },
);
