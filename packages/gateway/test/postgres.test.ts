import { migrateDatabase } from "@portico/db/migrate";
import { withScratchDatabase } from "@portico/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, eventually, type World } from "./fixtures";

// The scale-out database: the same gateway on PostgreSQL (the local server these machines run).
let scratch: Awaited<ReturnType<typeof withScratchDatabase>>;
let world: World;
let gw: RunningGateway;

beforeAll(async () => {
  scratch = await withScratchDatabase("gw");
  await migrateDatabase(scratch.url);
  world = await createWorld({}, { databaseUrl: scratch.url });
  const frozen = Date.now();
  gw = await world.start({ usageFlushIntervalMs: 100, clock: () => frozen });
});

afterAll(async () => {
  await world?.close();
  await scratch?.drop();
});

describe("on PostgreSQL", () => {
  it("reads an API's method override opt-in, and matches canonical paths", async () => {
    await world.createApi({
      context: "/pg-strict",
      resources: [{ method: "GET", path: "/orders/{id}", authRequired: false }],
    });
    const legacy = await world.createApi({
      context: "/pg-legacy",
      allowMethodOverride: true,
      resources: [{ method: "GET", path: "/orders/{id}", authRequired: false }],
    });
    await world.change("api", legacy.id);
    const override = { "x-http-method-override": "DELETE" };
    await eventually(async () =>
      expect((await call(`${gw.httpUrl}/pg-legacy/1.0.0/orders/%37`, { headers: override })).status).toBe(
        200,
      ),
    );
    expect(world.upstream.seen.at(-1)?.url).toBe("/orders/7");
    expect(world.upstream.seen.at(-1)?.headers["x-http-method-override"]).toBe("DELETE");
    await call(`${gw.httpUrl}/pg-strict/1.0.0/orders/7`, { headers: override });
    expect(world.upstream.seen.at(-1)?.headers["x-http-method-override"]).toBeUndefined();
  });

  it("serves, follows revocations and configuration changes, throttles and counts usage", async () => {
    const tier = await world.tier("PgTwo", 2, 3600);
    const { id } = await world.createApi({
      context: "/pg",
      backendJwt: { enabled: true },
      resources: [{ method: "GET", path: "/x", scopes: ["pg:read"] }],
    });
    const app = await world.createApplication("pg-app");
    await world.subscribe(app.id, id, tier);
    await world.change("api", id);
    const { token, jti } = await world.mintJwt({ clientId: app.productionClientId, scope: "pg:read" });
    const url = `${gw.httpUrl}/pg/1.0.0/x`;
    await eventually(async () => expect((await call(url, { headers: bearer(token) })).status).toBe(200));
    expect(typeof world.upstream.seen.at(-1)?.headers["x-jwt-assertion"]).toBe("string");
    const opaque = (await world.mintOpaque({ clientId: app.productionClientId, scope: "pg:read" })).token;
    const second = await call(url, { headers: bearer(opaque) });
    const third = await call(url, { headers: bearer(opaque) });
    expect([second.status, third.status]).toEqual([200, 429]);
    await world.revoke(jti);
    await eventually(async () =>
      expect((await call(url, { headers: bearer(token) })).json().code).toBe("token_revoked"),
    );
    await eventually(async () => {
      const rows = await world.db.usageCounter.findMany({ where: { apiId: id } });
      expect(rows.reduce((n, r) => n + r.calls, 0)).toBeGreaterThanOrEqual(4);
      expect(rows.reduce((n, r) => n + r.throttled, 0)).toBeGreaterThanOrEqual(1);
    });
  });

  it("hears of changes through notifications, also after the listening connection was cut", async () => {
    // The table is polled only every minute here: a change seen within 2 s was notified.
    const gateway = await world.start({ pollIntervalMs: 60_000 });
    const open = await world.createApi({
      context: "/heard",
      resources: [{ method: "GET", path: "/x", authRequired: false }],
    });
    await world.change("api", open.id);
    await eventually(async () => expect((await call(`${gateway.httpUrl}/heard/1.0.0/x`)).status).toBe(200));

    // Cut every LISTEN connection to this database, as a restart or a network blip would.
    const cut = new pg.Client({ connectionString: scratch.url });
    await cut.connect();
    try {
      const { rowCount } = await cut.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()",
      );
      expect(rowCount).toBeGreaterThanOrEqual(1);
    } finally {
      await cut.end();
    }
    // A change made while the connection is down is picked up once it is back (about 1 s).
    const later = await world.createApi({
      context: "/heard-later",
      resources: [{ method: "GET", path: "/x", authRequired: false }],
    });
    await world.change("api", later.id);
    await eventually(
      async () => expect((await call(`${gateway.httpUrl}/heard-later/1.0.0/x`)).status).toBe(200),
      4_000,
    );
  });

  it("drops usage of an API deleted before its counts were written, with one warning, no retry", async () => {
    const warnings: string[] = [];
    const gateway = await world.start({
      usageFlushIntervalMs: 3_600_000,
      log: (level, message) => warnings.push(`${level}: ${message}`),
    });
    const gone = await world.createApi({
      context: "/pg-gone",
      resources: [{ method: "GET", path: "/x", authRequired: false }],
    });
    await world.change("api", gone.id);
    await eventually(async () => expect((await call(`${gateway.httpUrl}/pg-gone/1.0.0/x`)).status).toBe(200));
    await world.db.api.delete({ where: { id: gone.id } });
    await gateway.runtime.usage.flush();
    await gateway.runtime.usage.flush();
    expect(warnings.filter((w) => /usage/.test(w))).toEqual([
      "warn: usage of 1 API/application bucket(s) dropped: the API or application was deleted",
    ]);
    expect(await world.db.usageCounter.count({ where: { apiId: gone.id } })).toBe(0);
  });
});
