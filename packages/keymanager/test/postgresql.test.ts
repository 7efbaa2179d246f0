// The same key manager on PostgreSQL: migrations, token issue (the batched writer's
// PostgreSQL path), introspection and revocation.

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashSecret, randomToken } from "@portico/crypto";
import { createDb, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import { withScratchDatabase } from "@portico/db/testing";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningKeyManager, startKeyManager } from "../src/index";

let scratch: Awaited<ReturnType<typeof withScratchDatabase>>;
let km: RunningKeyManager;
let agent: Agent;
let db: ReturnType<typeof createDb>;
let auth: string;

beforeAll(async () => {
  scratch = await withScratchDatabase("km");
  await migrateDatabase(scratch.url);
  db = createDb(scratch.url);
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
  await scratch?.drop();
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
