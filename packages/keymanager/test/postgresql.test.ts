// The same key manager on PostgreSQL: migrations, token issue (the batched writer's
// PostgreSQL path), introspection and revocation.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashSecret, randomToken } from "@portico/crypto";
import { createDb, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import pg from "pg";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningKeyManager, startKeyManager } from "../src/index";

const PG_BASE = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const name = `portico_km_${randomToken(6)
  .toLowerCase()
  .replace(/[^a-z0-9]/g, "x")}`;
let km: RunningKeyManager;
let agent: Agent;
let db: ReturnType<typeof createDb>;
let auth: string;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  db = createDb(url.toString());
  await seedPlatform(db, { issuer: "https://localhost" });
  const resident = await db.keyManager.findFirstOrThrow({ where: { type: "RESIDENT" } });
  const owner = await db.user.create({ data: { username: "owner" } });
  const application = await db.application.create({
    data: { name: "pg", ownerId: owner.id, tokenType: "OPAQUE" },
  });
  const secret = randomToken(24);
  await db.oAuthClient.create({
    data: {
      clientId: "pg-client",
      name: "pg",
      applicationId: application.id,
      keyManagerId: resident.id,
      grantTypes: ["client_credentials"],
      secrets: { create: [{ secretHash: await hashSecret(secret), hint: secret.slice(-4) }] },
    },
  });
  auth = `Basic ${Buffer.from(`pg-client:${secret}`).toString("base64")}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-km-pg-"));
  km = await startKeyManager({
    db,
    dataDir,
    port: 0,
    logLevel: "error",
    configuration: { settingsCacheMs: 0 },
  });
  agent = new Agent({ connect: { ca: readFileSync(path.join(dataDir, "tls", "ca.pem"), "utf8") } });
});

afterAll(async () => {
  await km?.close();
  await agent?.close();
  await db?.$disconnect();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

async function call(endpoint: string, body: string) {
  const res = await fetch(`${km.url}${endpoint}`, {
    method: "POST",
    dispatcher: agent,
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: auth },
    body,
  });
  return {
    status: res.status,
    body:
      res.status === 200 && endpoint.endsWith("revoke")
        ? {}
        : ((await res.json()) as Record<string, unknown>),
  };
}

it("issues, introspects and revokes opaque tokens on PostgreSQL, several at once", async () => {
  const issued = await Promise.all(
    Array.from({ length: 5 }, () => call("/oauth2/token", "grant_type=client_credentials")),
  );
  expect(issued.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  expect(await db.accessToken.count()).toBe(5);
  const token = issued[0]?.body.access_token as string;
  expect((await call("/oauth2/introspect", `token=${token}`)).body).toMatchObject({
    active: true,
    client_id: "pg-client",
  });
  expect((await call("/oauth2/revoke", `token=${token}`)).status).toBe(200);
  expect((await call("/oauth2/introspect", `token=${token}`)).body).toEqual({ active: false });
});
