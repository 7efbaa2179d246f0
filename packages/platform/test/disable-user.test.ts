import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureLocalTls, hashSecret, MasterKeyring, randomToken } from "@portico/crypto";
import { createDb, createUser, type Db, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import { type RunningGateway, startGateway } from "@portico/gateway";
import { type RunningKeyManager, startKeyManager } from "@portico/keymanager";
import { loadSettings } from "@portico/settings";
import pg from "pg";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminRoutes } from "../src/rest/index";
import { GATEWAY, scratchDb } from "./fixtures";
import { serveRestApis } from "./rest-api";

// Disabling a user, end to end: the admin REST API disables, the real key manager stops
// authenticating the user's applications and refreshing their tokens, and a real gateway refuses
// tokens it had already accepted (and cached) within 2 seconds, as it does for a revocation.

const PG_BASE = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function postgresDb(): Promise<{ db: Db; url: string; drop(): Promise<void> }> {
  const name = `portico_t_${randomToken(8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: PG_BASE });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  const db = createDb(url.toString());
  await seedPlatform(db, { issuer: "https://localhost:9443" });
  return { db, url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

async function eventually(check: () => Promise<void>, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe.each(["SQLite", "PostgreSQL"])("disabling a user on %s", (provider) => {
  let db: Db;
  let databaseUrl: string;
  let drop: (() => Promise<void>) | undefined;
  let km: RunningKeyManager;
  const gateways: RunningGateway[] = [];
  let adminApi: Awaited<ReturnType<typeof serveRestApis>>;
  let backend: ReturnType<typeof createServer>;
  let agent: Agent;
  let startGw: () => Promise<RunningGateway>;
  let adminToken: string;
  let umaId: string;
  const umaPassword = `pw-${randomToken(12)}`;
  const appBasic = { value: "" };

  beforeAll(async () => {
    if (provider === "SQLite") {
      db = await scratchDb();
      databaseUrl = "";
    } else {
      ({ db, url: databaseUrl, drop } = await postgresDb());
    }
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-disable-"));
    if (!databaseUrl) databaseUrl = `file:${path.join(dataDir, "unused.db")}`;
    const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
    const tls = await ensureLocalTls(dataDir);
    agent = new Agent({ connect: { ca: tls.ca } });
    km = await startKeyManager({ db, dataDir, keyring, port: 0, audience: GATEWAY, logLevel: "error" });

    backend = createServer((_req, res) => res.end('{"ok":true}'));
    backend.listen(0, "127.0.0.1");
    await once(backend, "listening");
    const backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;

    const rootPassword = `pw-${randomToken(12)}`;
    await createUser(db, {
      username: "root",
      password: rootPassword,
      roles: ["admin", "publisher", "developer"],
    });
    const uma = await createUser(db, { username: "uma", password: umaPassword, roles: ["developer"] });
    umaId = uma.id;
    const api = await db.api.create({
      data: {
        name: "Shop",
        version: "1.0.0",
        context: "/shop",
        state: "PUBLISHED",
        transports: ["https", "http"],
        productionEndpoint: backendUrl,
        resources: { create: [{ method: "GET", pathTemplate: "/orders" }] },
      },
    });
    const app = await db.application.create({ data: { name: "Uma's shop", ownerId: uma.id } });
    const gold = await db.throttlingTier.findFirstOrThrow({ where: { name: "Gold", level: "SUBSCRIPTION" } });
    await db.subscription.create({ data: { applicationId: app.id, apiId: api.id, tierId: gold.id } });
    const secret = randomToken(24);
    await db.oAuthClient.create({
      data: {
        clientId: "uma-shop",
        name: "Uma's shop",
        applicationId: app.id,
        keyManagerId: km.keyManager.keyManagerId,
        grantTypes: ["client_credentials", "password", "refresh_token"],
        secrets: { create: [{ secretHash: await hashSecret(secret), hint: secret.slice(-4) }] },
      },
    });
    appBasic.value = `Basic ${Buffer.from(`uma-shop:${secret}`).toString("base64")}`;

    const settings = loadSettings({
      DATABASE_URL: databaseUrl,
      PORTICO_DATA_DIR: dataDir,
      PORTICO_ISSUER: km.url,
      PORTICO_GATEWAY_URL: GATEWAY,
      PORTICO_MASTER_KEY: keyring.current.key.toString("base64"),
      // the test's backend listens on loopback, which the egress policy refuses unless allowed
      PORTICO_BACKEND_ALLOW: "127.0.0.0/8",
    });
    startGw = async () => {
      const gw = await startGateway({
        settings,
        db,
        keyring,
        httpPort: 0,
        httpsPort: 0,
        host: "127.0.0.1",
        pollIntervalMs: 200,
        log: () => {},
      });
      gateways.push(gw);
      return gw;
    };

    const admin = await token(
      { grant_type: "password", username: "root", password: rootPassword, scope: "portico:admin" },
      {
        client_id: "portico-cli",
      },
    );
    adminToken = admin.body.access_token;
    adminApi = await serveRestApis(db, [{ base: "/api/admin/v1", routes: adminRoutes }], {
      issuer: km.url,
      keyring: () => keyring,
    });
  }, 90_000);

  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    await adminApi?.close();
    backend?.closeAllConnections();
    backend?.close();
    await km?.close();
    await agent?.close();
    await db?.$disconnect();
    await drop?.();
  });

  async function token(form: Record<string, string>, extra: Record<string, string> = {}, basic?: string) {
    const res = await fetch(`${km.url}/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(basic ? { authorization: basic } : {}),
      },
      body: new URLSearchParams({ ...form, ...extra }).toString(),
      dispatcher: agent,
    } as RequestInit);
    return { status: res.status, body: await res.json() };
  }

  async function setDisabled(disabled: boolean) {
    const res = await fetch(`${adminApi.url}/api/admin/v1/users/${umaId}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ disabled }),
    });
    expect(res.status).toBe(200);
  }

  async function through(gw: RunningGateway, accessToken: string) {
    const res = await fetch(`${gw.httpUrl}/shop/1.0.0/orders`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return { status: res.status, body: await res.json() };
  }

  it("revokes the user's and their applications' tokens at every gateway within 2 s, refuses their clients, and re-enabling revives nothing", async () => {
    const gw = await startGw();
    const user = await token(
      { grant_type: "password", username: "uma", password: umaPassword },
      {},
      appBasic.value,
    );
    expect(user.status).toBe(200);
    expect(user.body.refresh_token).toBeTruthy();
    const app = await token({ grant_type: "client_credentials" }, {}, appBasic.value);
    expect(app.status).toBe(200);
    // accepted, and so cached by the gateway
    expect((await through(gw, user.body.access_token)).status).toBe(200);
    expect((await through(gw, app.body.access_token)).status).toBe(200);

    await setDisabled(true);
    await eventually(async () => {
      const refused = await through(gw, user.body.access_token);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe("token_revoked");
      expect((await through(gw, app.body.access_token)).body.code).toBe("token_revoked");
    });
    // the applications the user owns cannot authenticate (the key manager caches clients for up to a second)
    let stale: string | undefined;
    await eventually(async () => {
      const cc = await token({ grant_type: "client_credentials" }, {}, appBasic.value);
      if (cc.status === 200) stale = cc.body.access_token;
      expect(cc.status).toBe(401);
      expect(cc.body.error).toBe("invalid_client");
    });
    // and a token issued from a stale cache meanwhile is refused by the gateway all the same
    if (stale) expect((await through(gw, stale)).body.code).toBe("token_revoked");
    const refreshed = await token(
      { grant_type: "refresh_token", refresh_token: user.body.refresh_token },
      {},
      appBasic.value,
    );
    expect(refreshed.status).toBe(401);
    // the admin's view says so too
    expect(await db.refreshTokenFamily.count({ where: { userId: umaId, revokedAt: null } })).toBe(0);

    await setDisabled(false);
    // a gateway started afresh (its revocation list read from the database) refuses the old tokens too
    const fresh = await startGw();
    for (const g of [gw, fresh]) {
      expect((await through(g, user.body.access_token)).body.code).toBe("token_revoked");
      expect((await through(g, app.body.access_token)).body.code).toBe("token_revoked");
    }
    const again = await token(
      { grant_type: "refresh_token", refresh_token: user.body.refresh_token },
      {},
      appBasic.value,
    );
    expect(again.status).toBe(400);
    expect(again.body.error).toBe("invalid_grant");
    // new tokens work again
    const next = await token({ grant_type: "client_credentials" }, {}, appBasic.value);
    expect(next.status).toBe(200);
    expect((await through(fresh, next.body.access_token)).status).toBe(200);
  });
});
