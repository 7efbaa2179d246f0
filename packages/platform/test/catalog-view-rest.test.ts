import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogApiView } from "../src/devportal/catalog";
import type { Provider } from "./fixtures";
import { type Platform, startPlatform } from "./platform-server";

// The developer catalog is a public view of an API: what a developer needs to call and subscribe,
// nothing of how the publisher wired the backend.
describe.each<Provider>(["sqlite", "postgresql"])("the developer catalog on %s", (provider) => {
  let p: Platform;
  let apiId = "";
  const secrets = [
    "backend.internal.example",
    "failover-one.internal.example",
    "sandbox.internal.example",
    "X-Backend-Assertion",
    "department",
    "https://partner.example",
  ];

  beforeAll(async () => {
    p = await startPlatform({ ann: ["publisher"], dana: ["developer"] }, provider);
    const api = await p.publisher("POST", "/apis", "ann", {
      name: "Pizza",
      version: "1.0.0",
      context: "/pizza",
      description: "Order pizza",
      isDefaultVersion: true,
      endpoints: {
        production: "https://backend.internal.example/pizza",
        productionFailovers: ["https://failover-one.internal.example/pizza"],
        sandbox: "https://sandbox.internal.example/pizza",
        loadBalance: true,
      },
      backendJwt: { enabled: true, header: "X-Backend-Assertion", claims: { department: "dept" } },
      cors: { enabled: true, allowOrigins: ["https://partner.example"] },
      forwardAuthorization: true,
      scopes: [{ name: "pizza:order", description: "Place orders", roles: ["developer"] }],
      resources: [
        { method: "GET", path: "/menu", authRequired: false },
        { method: "POST", path: "/orders", scopes: ["pizza:order"] },
      ],
    });
    expect(api.status).toBe(201);
    apiId = api.body.id;
    expect((await p.publisher("POST", `/apis/${apiId}/lifecycle`, "ann", { action: "publish" })).status).toBe(
      200,
    );
  });
  afterAll(() => p?.close());

  it("lists and shows only the public fields, none of the backend's", async () => {
    const list = await p.devportal("GET", "/apis", "dana");
    const one = await p.devportal("GET", `/apis/${apiId}`, "dana");
    expect(list.status).toBe(200);
    expect(one.status).toBe(200);
    const publicFields = Object.keys(catalogApiView.shape).sort();
    for (const view of [list.body[0], one.body]) {
      expect(Object.keys(view).sort()).toEqual(publicFields);
      const text = JSON.stringify(view);
      for (const s of secrets) expect(text, s).not.toContain(s);
      expect(text).not.toMatch(/endpoint|failover|backendJwt|forwardAuthorization|keyManagers|owner|visib/i);
    }
    expect(one.body).toMatchObject({
      name: "Pizza",
      state: "PUBLISHED",
      gatewayUrls: {
        versioned: "https://localhost:8243/pizza/1.0.0",
        default: "https://localhost:8243/pizza",
      },
      scopes: [{ name: "pizza:order", description: "Place orders" }],
      tiers: ["Bronze", "Gold", "Silver", "Unlimited"],
      securitySchemes: {
        oauth2: { enabled: true, dpop: "optional" },
        apiKey: { enabled: false, header: "apikey", resources: [] },
        mutualTls: { enabled: false },
        require: "any",
      },
    });
    expect(one.body.resources.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([
      "GET /menu",
      "POST /orders",
    ]);
  });
});
