// The scale-out topology, built from real parts: nginx (Debian's) balancing two gateway processes
// and two key-manager processes, all compiled as `npm start` runs them, on one scratch PostgreSQL
// database and a redis-server of the test's own (it is stopped by the fault tests, so never the
// machine's shared one).
import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureLocalTls, hashSecret, randomToken } from "@portico/crypto";
import { createDb, type Db, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import { CHANGE_CHANNEL, type ChangeMessage } from "@portico/tokens";
import { Redis } from "ioredis";
import pg from "pg";
import { Agent, fetch as undiciFetch } from "undici";
import { buildServices, compiledEntry } from "../../../scripts/build-services";
import { nginxConfig, Service } from "./cluster-processes";
import { startUpstream, type Upstream } from "./fixtures";

const PG_BASE = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const GATEWAY_AUDIENCE = "https://gateway.cluster.test";

export async function freePort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function adminSql(base: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface Topology {
  dir: string;
  db: Db;
  databaseUrl: string;
  redisUrl: string;
  redis: Service;
  /** the issuer: nginx in front of both key managers */
  issuer: string;
  /** nginx in front of both gateways */
  balancer: string;
  keyManagers: Array<{ url: string; service: Service }>;
  gateways: Array<{ url: string; service: Service }>;
  nginx: Service;
  upstream: Upstream;
  /** HTTPS calls trusting the run's local CA */
  fetch: typeof undiciFetch;
  /** the ChangeEvent row and the Redis message that the platform's operations write */
  announce(message: ChangeMessage): Promise<void>;
  close(): Promise<void>;
}

/** Builds the services, prepares the database and starts Redis, two key managers, two gateways and nginx. */
export async function startTopology(options: { postgresUrl?: string } = {}): Promise<Topology> {
  const pgBase = options.postgresUrl ?? PG_BASE;
  await buildServices();
  const dir = mkdtempSync(path.join(tmpdir(), "portico-cluster-"));
  const tls = await ensureLocalTls(dir);
  const name = `portico_cluster_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await adminSql(pgBase, `CREATE DATABASE "${name}"`);
  const url = new URL(pgBase);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  await migrateDatabase(databaseUrl);
  const db = createDb(databaseUrl);

  const ports = await Promise.all(Array.from({ length: 9 }, () => freePort()));
  const [redisPort, lbGateway, lbKeyManager, km1, km2, gw1, gw1s, gw2, gw2s] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const issuer = `https://localhost:${lbKeyManager}`;
  await seedPlatform(db, { issuer });
  const upstream = await startUpstream();

  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const redis = new Service(
    "redis",
    ["redis-server", "--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    process.env,
    "Ready to accept connections",
  );
  await redis.start();

  const env = {
    PATH: process.env.PATH,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    PORTICO_DATA_DIR: dir,
    PORTICO_MASTER_KEY: randomBytes(32).toString("base64"),
    PORTICO_ISSUER: issuer,
    PORTICO_GATEWAY_URL: GATEWAY_AUDIENCE,
    PORTICO_HOST: "127.0.0.1",
    PORTICO_LOG_LEVEL: "warn" as const,
    PORTICO_BACKEND_ALLOW: new URL(upstream.url).host,
    NODE_EXTRA_CA_CERTS: tls.caFile,
  };
  const keyManagers = [km1, km2].map((port, i) => ({
    url: `https://localhost:${port}`,
    service: new Service(
      `keymanager-${i + 1}`,
      [process.execPath, compiledEntry("keymanager")],
      { ...env, PORTICO_KEYMANAGER_PORT: String(port) },
      "keymanager listening on",
    ),
  }));
  const gateways = [
    [gw1, gw1s],
    [gw2, gw2s],
  ].map(([http, https], i) => ({
    url: `http://127.0.0.1:${http}`,
    service: new Service(
      `gateway-${i + 1}`,
      [process.execPath, compiledEntry("gateway"), "--workers", "1"],
      { ...env, PORTICO_GATEWAY_HTTP_PORT: String(http), PORTICO_GATEWAY_HTTPS_PORT: String(https) },
      "gateway listening on",
    ),
  }));
  // key managers first: the first one to start creates the signing keys both then publish
  await keyManagers[0]?.service.start();
  await Promise.all([keyManagers[1]?.service.start(), ...gateways.map((g) => g.service.start())]);

  writeFileSync(
    path.join(dir, "nginx.conf"),
    nginxConfig(dir, { gateway: [gw1, gw2], keyManager: [km1, km2], lbGateway, lbKeyManager }),
  );
  const nginx = new Service(
    "nginx",
    [
      existsSync("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx",
      "-p",
      dir,
      "-e",
      path.join(dir, "nginx-error.log"),
      "-c",
      path.join(dir, "nginx.conf"),
      "-g",
      "daemon off;",
    ],
    process.env,
    "",
  );
  nginx.start().catch(() => undefined);
  const dispatcher = new Agent({ connect: { ca: tls.ca } });
  const trusted = ((input: Parameters<typeof undiciFetch>[0], init: Parameters<typeof undiciFetch>[1] = {}) =>
    undiciFetch(input, { dispatcher, ...init })) as typeof undiciFetch;
  for (let i = 0; i < 100; i++) {
    const up = await trusted(`http://127.0.0.1:${lbGateway}/_portico/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const publisher = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  publisher.on("error", () => undefined);

  return {
    dir,
    db,
    databaseUrl,
    redisUrl,
    redis,
    issuer,
    balancer: `http://127.0.0.1:${lbGateway}`,
    keyManagers,
    gateways,
    nginx,
    upstream,
    fetch: trusted,
    async announce(message) {
      await db.changeEvent.create({ data: { topic: message.topic, entityId: message.entityId } });
      await publisher.publish(CHANGE_CHANNEL, JSON.stringify(message)).catch(() => undefined);
    },
    async close() {
      await nginx.stop("SIGQUIT");
      await Promise.all([...gateways, ...keyManagers].map((s) => s.service.stop("SIGTERM")));
      await redis.stop("SIGTERM");
      publisher.disconnect();
      await upstream.close();
      await dispatcher.close();
      await db.$disconnect();
      await adminSql(pgBase, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An application subscribed to `apiId` at `tierId`, with a client_credentials client of the resident key manager. */
export async function createSubscriber(
  db: Db,
  apiId: string,
  tierId: string,
): Promise<{ clientId: string; secret: string; applicationId: string }> {
  const owner = await db.user.create({ data: { username: `dev-${randomToken(6)}` } });
  const app = await db.application.create({ data: { name: `app-${randomToken(6)}`, ownerId: owner.id } });
  await db.subscription.create({ data: { applicationId: app.id, apiId, tierId } });
  const km = await db.keyManager.findFirstOrThrow({ where: { type: "RESIDENT" } });
  const clientId = `c_${randomToken(9)}`;
  const secret = randomToken(24);
  await db.oAuthClient.create({
    data: {
      clientId,
      name: clientId,
      applicationId: app.id,
      keyType: "PRODUCTION",
      keyManagerId: km.id,
      grantTypes: ["client_credentials"],
      tokenEndpointAuthMethod: "client_secret_basic",
      secrets: { create: [{ secretHash: await hashSecret(secret), hint: secret.slice(-4) }] },
    },
  });
  return { clientId, secret, applicationId: app.id };
}
