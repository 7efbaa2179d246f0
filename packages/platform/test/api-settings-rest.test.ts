import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPublisherApi } from "./publisher-server";

let api: Awaited<ReturnType<typeof startPublisherApi>>;

beforeAll(async () => {
  api = await startPublisherApi({ pat: ["publisher"], quinn: ["publisher"], dev: ["developer"] });
  await api.db.keyManager.create({
    data: { name: "Corporate IdP", type: "EXTERNAL", issuer: "https://idp.example" },
  });
  await api.db.keyManager.create({
    data: { name: "Old IdP", type: "EXTERNAL", issuer: "https://old.example", enabled: false },
  });
});
afterAll(() => api.close());

const weather = {
  name: "Weather",
  version: "1.0.0",
  context: "/weather",
  endpoints: { production: "http://127.0.0.1:9/weather" },
  resources: [{ method: "GET", path: "/today" }],
};

describe("publisher REST API: per-API settings", () => {
  it("lists the subscription tiers and the enabled key managers a publisher can choose from", async () => {
    const tiers = await api.call("GET", "/tiers", "pat");
    expect(tiers.status).toBe(200);
    expect(tiers.body.map((t: { name: string }) => t.name).sort()).toEqual([
      "Bronze",
      "Gold",
      "Silver",
      "Unlimited",
    ]);
    const kms = await api.call("GET", "/key-managers", "pat");
    expect(kms.status).toBe(200);
    expect(kms.body.map((k: { name: string }) => k.name)).toEqual(["Resident Key Manager", "Corporate IdP"]);
    expect(JSON.stringify(kms.body)).not.toContain("clientSecret");
    expect((await api.call("GET", "/tiers", "pat", undefined, "portico:api_create")).status).toBe(403);
  });

  it("creates an API with its tiers, CORS, backend JWT claims and key managers, and shows them back", async () => {
    const created = await api.call("POST", "/apis", "pat", {
      ...weather,
      tiers: ["Gold", "Bronze"],
      cors: {
        enabled: true,
        allowOrigins: ["https://app.example"],
        allowMethods: ["GET"],
        allowHeaders: ["authorization"],
        allowCredentials: true,
        maxAge: 120,
      },
      backendJwt: { enabled: true, claims: { department: "dept" } },
      keyManagers: ["Resident Key Manager", "Corporate IdP"],
    });
    expect(created.status).toBe(201);
    expect(created.body.tiers).toEqual(["Bronze", "Gold"]);
    expect(created.body.keyManagers).toEqual(["Corporate IdP", "Resident Key Manager"]);
    expect(created.body.cors).toMatchObject({
      enabled: true,
      allowOrigins: ["https://app.example"],
      maxAge: 120,
    });
    expect(created.body.backendJwt).toMatchObject({ enabled: true, claims: { department: "dept" } });
    // the rows the gateway's snapshot reads
    const rows = await api.db.apiKeyManager.findMany({
      where: { apiId: created.body.id },
      include: { keyManager: true },
    });
    expect(rows.map((r) => r.keyManager.name).sort()).toEqual(["Corporate IdP", "Resident Key Manager"]);

    const fetched = await api.call("GET", `/apis/${created.body.id}`, "pat");
    expect(fetched.body.keyManagers).toEqual(["Corporate IdP", "Resident Key Manager"]);
  });

  it("changes and clears the key managers, tiers and Authorization pass-through; a new version keeps them", async () => {
    const created = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "Weather Two",
      context: "/weather2",
      keyManagers: ["Corporate IdP"],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    // without tiers given, every subscription tier is offered
    expect(created.body.tiers).toEqual(["Bronze", "Gold", "Silver", "Unlimited"]);
    // the caller's Authorization header stays at the gateway unless the publisher says otherwise
    expect(created.body.forwardAuthorization).toBe(false);
    const passing = await api.call("PUT", `/apis/${id}`, "pat", { forwardAuthorization: true });
    expect(passing.body.forwardAuthorization).toBe(true);
    const bad = await api.call("PUT", `/apis/${id}`, "pat", { forwardAuthorization: "yes" });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe("forwardAuthorization");
    const changed = await api.call("PUT", `/apis/${id}`, "pat", { tiers: ["Silver"], keyManagers: [] });
    expect(changed.status).toBe(200);
    expect(changed.body.tiers).toEqual(["Silver"]);
    expect(changed.body.keyManagers).toEqual([]);
    expect(changed.body.forwardAuthorization).toBe(true);
    expect(await api.db.apiKeyManager.count({ where: { apiId: id } })).toBe(0);

    await api.call("PUT", `/apis/${id}`, "pat", { keyManagers: ["Corporate IdP"] });
    const next = await api.call("POST", `/apis/${id}/versions`, "pat", { version: "2.0.0" });
    expect(next.status).toBe(201);
    expect(next.body.keyManagers).toEqual(["Corporate IdP"]);
    expect(next.body.tiers).toEqual(["Silver"]);
    expect(next.body.forwardAuthorization).toBe(true);
  });

  it("keeps method override headers from the backend unless the API opts in; a new version keeps the choice", async () => {
    const created = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "Legacy",
      context: "/legacy",
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.allowMethodOverride).toBe(false);
    const bad = await api.call("PUT", `/apis/${id}`, "pat", { allowMethodOverride: "on" });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe("allowMethodOverride");
    const opted = await api.call("PUT", `/apis/${id}`, "pat", { allowMethodOverride: true });
    expect(opted.body.allowMethodOverride).toBe(true);
    // the column the gateway's snapshot reads
    expect((await api.db.api.findUniqueOrThrow({ where: { id } })).allowMethodOverride).toBe(true);
    // left as it is when another field changes
    expect((await api.call("PUT", `/apis/${id}`, "pat", { tiers: ["Gold"] })).body.allowMethodOverride).toBe(
      true,
    );
    const next = await api.call("POST", `/apis/${id}/versions`, "pat", { version: "2.0.0" });
    expect(next.status).toBe(201);
    expect(next.body.allowMethodOverride).toBe(true);
  });

  it("keeps failover endpoints in order, refuses bad ones naming the field, and a new version keeps them", async () => {
    const created = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "Weather Failover",
      context: "/weather-failover",
      endpoints: {
        production: "http://10.0.0.1:8080/weather",
        productionFailovers: ["http://10.0.0.2:8080/weather", "https://dr.example/weather"],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.endpoints).toEqual({
      production: "http://10.0.0.1:8080/weather",
      sandbox: null,
      productionFailovers: ["http://10.0.0.2:8080/weather", "https://dr.example/weather"],
      sandboxFailovers: [],
      loadBalance: false,
    });
    const refusals: [unknown, string, string][] = [
      [
        { production: "http://a.example", productionFailovers: ["ftp://b.example"] },
        "endpoints.productionFailovers.0",
        "http(s) URL",
      ],
      [
        { production: "http://a.example", sandboxFailovers: ["http://b.example"] },
        "endpoints.sandboxFailovers",
        "need a sandbox endpoint",
      ],
      [
        { production: "http://a.example", productionFailovers: ["http://a.example"] },
        "endpoints.productionFailovers",
        "its own failover",
      ],
      [
        { production: "http://a.example", productionFailovers: ["http://b.example", "http://b.example"] },
        "endpoints.productionFailovers",
        "once",
      ],
      [
        {
          production: "http://a.example",
          productionFailovers: Array.from({ length: 6 }, (_, i) => `http://b${i}.example`),
        },
        "endpoints.productionFailovers",
        "at most 5",
      ],
      [{ production: "http://a.example", failover: ["http://b.example"] }, "endpoints", "failover"],
    ];
    for (const [endpoints, field, message] of refusals) {
      const bad = await api.call("PUT", `/apis/${id}`, "pat", { endpoints });
      expect(bad.status, JSON.stringify(endpoints)).toBe(400);
      const named = bad.body.details.fields.find((f: { field: string }) => f.field === field);
      expect(named?.message ?? JSON.stringify(bad.body.details.fields), field).toContain(message);
    }
    // nothing changed by the refused updates
    expect((await api.call("GET", `/apis/${id}`, "pat")).body.endpoints.productionFailovers).toEqual([
      "http://10.0.0.2:8080/weather",
      "https://dr.example/weather",
    ]);
    const next = await api.call("POST", `/apis/${id}/versions`, "pat", { version: "2.0.0" });
    expect(next.status).toBe(201);
    expect(next.body.endpoints.productionFailovers).toEqual([
      "http://10.0.0.2:8080/weather",
      "https://dr.example/weather",
    ]);
    // spreading calls over the endpoints is a choice kept with them
    const spread = await api.call("PUT", `/apis/${id}`, "pat", {
      endpoints: { ...created.body.endpoints, sandbox: undefined, loadBalance: true },
    });
    expect(spread.status).toBe(200);
    expect(spread.body.endpoints.loadBalance).toBe(true);
    const notBoolean = await api.call("PUT", `/apis/${id}`, "pat", {
      endpoints: { production: "http://a.example", loadBalance: "yes" },
    });
    expect(notBoolean.body.details.fields[0].field).toBe("endpoints.loadBalance");
    // replacing the endpoints without failovers clears them
    const cleared = await api.call("PUT", `/apis/${id}`, "pat", {
      endpoints: { production: "http://10.0.0.1:8080/weather" },
    });
    expect(cleared.body.endpoints.productionFailovers).toEqual([]);
    expect(cleared.body.endpoints.loadBalance).toBe(false);
  });

  it("refuses unknown or disabled key managers, unknown tiers and reserved backend claims, naming the field", async () => {
    const unknown = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "W3",
      context: "/w3",
      keyManagers: ["Nope"],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.fields).toContainEqual({
      field: "keyManagers",
      message: "no key manager named Nope",
    });
    const disabled = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "W3",
      context: "/w3",
      keyManagers: ["Old IdP"],
    });
    expect(disabled.status).toBe(400);
    expect(disabled.body.details.fields[0].message).toContain("disabled");
    const tier = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "W3",
      context: "/w3",
      tiers: ["Platinum"],
    });
    expect(tier.status).toBe(400);
    const claim = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "W3",
      context: "/w3",
      backendJwt: { enabled: true, claims: { sub: "email" } },
    });
    expect(claim.status).toBe(400);
    expect(claim.body.details.fields[0].field).toBe("backendJwt.claims.sub");
    const cors = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "W3",
      context: "/w3",
      cors: { enabled: true, maxAge: 999999 },
    });
    expect(cors.status).toBe(400);
    expect(cors.body.details.fields[0].field).toBe("cors.maxAge");
    // nothing was created by the refused requests
    expect(await api.db.api.count({ where: { context: "/w3" } })).toBe(0);
  });

  it("lets no other publisher change an API's key managers", async () => {
    const created = await api.call("POST", "/apis", "pat", {
      ...weather,
      name: "W4",
      context: "/w4",
      visibility: "PRIVATE",
    });
    const other = await api.call("PUT", `/apis/${created.body.id}`, "quinn", {
      keyManagers: ["Corporate IdP"],
    });
    expect(other.status).toBe(404);
    expect(await api.db.apiKeyManager.count({ where: { apiId: created.body.id } })).toBe(0);
  });
});
