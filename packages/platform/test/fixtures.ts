import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptSecret, type MasterKeyring } from "@portico/crypto";
import { createDb, createUser, type Db, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import { builtInGrantTypes, ensureGrantTypeSettings } from "@portico/keymanager";
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT } from "jose";

export const ISSUER = "https://localhost:9443";
export const GATEWAY = "https://localhost:8243";

/** A migrated, seeded scratch SQLite database. */
export async function scratchDb(): Promise<Db> {
  const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "portico-platform-")), "p.db")}`;
  await migrateDatabase(url);
  const db = createDb(url);
  await seedPlatform(db, { issuer: ISSUER });
  // the grant types' rows, as the key manager writes them when it starts
  await ensureGrantTypeSettings(db, builtInGrantTypes);
  return db;
}

export type Provider = "sqlite" | "postgresql";

/** The PostgreSQL server tests make scratch databases on (trust authentication). */
export const PG_BASE = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * A migrated, seeded scratch database on either provider; `drop` removes it (a PostgreSQL
 * database is created on PG_BASE's server and dropped with the connections still open to it).
 */
export async function scratchDatabase(provider: Provider): Promise<{ db: Db; drop(): Promise<void> }> {
  if (provider === "sqlite") {
    const db = await scratchDb();
    return { db, drop: () => db.$disconnect() };
  }
  const name = `portico_platform_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const server = createDb(PG_BASE);
  await server.$executeRawUnsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  const db = createDb(url.toString());
  await seedPlatform(db, { issuer: ISSUER });
  // the grant types' rows, as the key manager writes them when it starts
  await ensureGrantTypeSettings(db, builtInGrantTypes);
  return {
    db,
    async drop() {
      await db.$disconnect();
      await server.$executeRawUnsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await server.$disconnect();
    },
  };
}

/**
 * Issues access tokens the way the key manager does (RFC 9068 JWT signed by a key published in
 * the SigningKey table, plus an AccessToken row), so REST tests need no key manager process.
 */
export async function tokenIssuer(db: Db, options: { keyManagerKeyring?: MasterKeyring } = {}) {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `test-${crypto.randomUUID()}`;
  await db.signingKey.create({
    data: {
      kid,
      use: "ACCESS_TOKEN",
      alg: "ES256",
      publicJwk: (await exportJWK(publicKey)) as object,
      // Beside a real key manager (which loads every key) the private key must be readable with
      // its master keyring, and the key retired so that it never signs in its place.
      ...(options.keyManagerKeyring
        ? {
            privateKeyEnc: encryptSecret(
              options.keyManagerKeyring,
              await exportPKCS8(privateKey),
              `signing-key:${kid}`,
            ),
            status: "RETIRED" as const,
            retiredAt: new Date(),
          }
        : { privateKeyEnc: "pe1.test.not-used.x" }),
    },
  });
  const cli = await db.oAuthClient.findUniqueOrThrow({ where: { clientId: "portico-cli" } });
  return async (userId: string, scope: string, options: { expiresIn?: number; revoked?: boolean } = {}) => {
    const jti = crypto.randomUUID();
    const exp = Math.floor(Date.now() / 1000) + (options.expiresIn ?? 300);
    await db.accessToken.create({
      data: {
        jti,
        format: "JWT",
        clientId: cli.id,
        userId,
        scope,
        grantType: "password",
        expiresAt: new Date(exp * 1000),
        revokedAt: options.revoked ? new Date() : null,
      },
    });
    return new SignJWT({ client_id: "portico-cli", scope })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid })
      .setIssuer(ISSUER)
      .setAudience(GATEWAY)
      .setSubject(userId)
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(privateKey);
  };
}

export async function makeUser(db: Db, username: string, roles: string[]) {
  return createUser(db, { username, password: `pw-${crypto.randomUUID()}`, roles });
}

/** Serves a fetch-style handler on a real port. */
export async function serve(handler: (request: Request) => Promise<Response>) {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await handler(
      new Request(`http://127.0.0.1${req.url}`, {
        method: req.method,
        headers,
        body: body.length ? body : undefined,
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A self-signed certificate (PEM) made by openssl in `dir`, as an identity provider would publish it. */
export function selfSignedCertificate(dir: string, name: string): string {
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, `${name}.key`)].concat([
      "-out",
      path.join(dir, `${name}.pem`),
      "-days",
      "1",
      "-subj",
      `/CN=${name}`,
    ]),
    { stdio: "pipe" },
  );
  return readFileSync(path.join(dir, `${name}.pem`), "utf8");
}
