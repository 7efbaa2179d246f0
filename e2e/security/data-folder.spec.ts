import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import Database from "better-sqlite3";
import pg from "pg";
import { adminPassword, dataDir, passwordToken } from "../fixtures/key-manager";

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)],
  );
}

test("the data folder keeps no secret in the clear that must be hashed or encrypted", async () => {
  // Make the key manager issue and store tokens first.
  const tokens = await passwordToken("admin", adminPassword(), "portico:api_view openid");
  expect(tokens.refresh_token).toBeTruthy();

  const dir = dataDir();
  expect(statSync(path.join(dir, "master.key")).mode & 0o777).toBe(0o600);
  for (const key of ["tls/server-key.pem", "tls/ca-key.pem"])
    expect(statSync(path.join(dir, key)).mode & 0o777).toBe(0o600);

  // Nothing that is a password, token or private key appears in any file but the master key and TLS keys.
  const secrets = [adminPassword(), tokens.access_token, tokens.refresh_token ?? "", "PRIVATE KEY"];
  for (const file of filesUnder(dir).filter((f) => !f.endsWith("master.key") && !f.endsWith("-key.pem"))) {
    const bytes = readFileSync(file);
    for (const secret of secrets)
      expect(bytes.includes(Buffer.from(secret)), `${secret.slice(0, 12)}… in ${file}`).toBe(false);
  }

  const rows = await query(dir);
  expect(rows.keys.length).toBeGreaterThan(0);
  for (const k of rows.keys) expect(k).toMatch(/^pe1\./);
  for (const h of rows.passwords) expect(h).toMatch(/^scrypt\$/);
  for (const s of rows.clientSecrets) expect(s).toMatch(/^scrypt\$/);
  expect(rows.refreshTokens.length).toBeGreaterThan(0);
  for (const r of rows.refreshTokens) expect(r).toMatch(/^[0-9a-f]{64}$/);
});

/** The stored forms of secrets, from SQLite in the data folder or from PostgreSQL. */
async function query(dir: string) {
  const statements = {
    keys: 'select "privateKeyEnc" as v from "SigningKey"',
    passwords: 'select "passwordHash" as v from "User" where "passwordHash" is not null',
    clientSecrets: 'select "secretHash" as v from "ClientSecret"',
    refreshTokens: 'select "tokenHash" as v from "RefreshToken"',
  };
  const out: Record<keyof typeof statements, string[]> = {
    keys: [],
    passwords: [],
    clientSecrets: [],
    refreshTokens: [],
  };
  if (process.env.DATABASE_URL?.startsWith("postgres")) {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      for (const [name, sql] of Object.entries(statements)) {
        out[name as keyof typeof statements] = (await client.query(sql)).rows.map((r: { v: string }) => r.v);
      }
    } finally {
      await client.end();
    }
    return out;
  }
  const db = new Database(path.join(dir, "portico.db"), { readonly: true });
  try {
    for (const [name, sql] of Object.entries(statements)) {
      out[name as keyof typeof statements] = (db.prepare(sql).all() as Array<{ v: string }>).map((r) => r.v);
    }
  } finally {
    db.close();
  }
  return out;
}
