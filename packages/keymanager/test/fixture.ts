// A key manager on port 0 over a scratch SQLite (or PostgreSQL) database, with a small platform:
// a developer, an admin, two APIs with scopes, one application subscribed to one API and its client.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashSecret, randomToken } from "@portico/crypto";
import { createDb, createUser, type Db, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import { withScratchDatabase } from "@portico/db/testing";
import { Agent, type RequestInit, fetch as undiciFetch } from "undici";
import { type RunningKeyManager, type StartKeyManagerOptions, startKeyManager } from "../src/index";

/** The databases a test parametrized over providers runs on. */
export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface Platform {
  km: RunningKeyManager;
  db: Db;
  dataDir: string;
  databaseUrl: string;
  fetch: (url: string | URL, init?: RequestInit) => ReturnType<typeof undiciFetch>;
  dispatcher: Agent;
  developer: { id: string; username: string; password: string };
  admin: { id: string; username: string; password: string };
  application: { id: string };
  client: { clientId: string; secret: string; id: string };
  /** token endpoint POST with form body and Basic auth of the fixture client (at `issuer`, this key manager by default) */
  token(
    form: Record<string, string>,
    auth?: { clientId: string; secret: string } | null,
    issuer?: string,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  close(): Promise<void>;
}

export const REDIRECT_URI = "https://app.example.test/callback";

export async function createClient(
  db: Db,
  input: {
    applicationId?: string | null;
    grantTypes: string[];
    tokenEndpointAuthMethod?: string;
    keyType?: "PRODUCTION" | "SANDBOX";
    redirectUris?: string[];
    postLogoutRedirectUris?: string[];
    jwks?: object;
    tokenType?: "JWT" | "OPAQUE";
    firstParty?: boolean;
  },
): Promise<{ clientId: string; secret: string; id: string }> {
  const km = await db.keyManager.findFirstOrThrow({ where: { type: "RESIDENT" } });
  const clientId = `c_${randomToken(9)}`;
  const secret = randomToken(24);
  const row = await db.oAuthClient.create({
    data: {
      clientId,
      name: clientId,
      applicationId: input.applicationId ?? null,
      keyType: input.keyType ?? "PRODUCTION",
      keyManagerId: km.id,
      grantTypes: input.grantTypes,
      redirectUris: input.redirectUris ?? [REDIRECT_URI],
      postLogoutRedirectUris: input.postLogoutRedirectUris ?? [],
      tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? "client_secret_basic",
      jwks: input.jwks,
      tokenType: input.tokenType,
      firstParty: input.firstParty ?? false,
      secrets: (input.tokenEndpointAuthMethod ?? "client_secret_basic").startsWith("client_secret")
        ? { create: [{ secretHash: await hashSecret(secret), hint: secret.slice(-4) }] }
        : undefined,
    },
  });
  return { clientId, secret, id: row.id };
}

/** Starts the platform; `provider` picks its scratch database (SQLite unless told). */
export async function startPlatform({
  provider = "sqlite",
  ...options
}: Partial<StartKeyManagerOptions> & { provider?: Provider } = {}): Promise<Platform> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-km-"));
  const scratch = provider === "postgresql" ? await withScratchDatabase("km") : undefined;
  const databaseUrl = scratch?.url ?? `file:${path.join(dataDir, "portico.db")}`;
  await migrateDatabase(databaseUrl);
  const db = createDb(databaseUrl);
  await seedPlatform(db, { issuer: "https://localhost:0" });
  const developerPassword = randomBytes(12).toString("base64url");
  const adminPassword = randomBytes(12).toString("base64url");
  const developer = await createUser(db, {
    username: "dev",
    password: developerPassword,
    roles: ["developer"],
    email: "dev@example.test",
    displayName: "Dev Eloper",
  });
  const admin = await createUser(db, {
    username: "root",
    password: adminPassword,
    roles: ["admin", "publisher", "developer"],
  });
  const tier = await db.throttlingTier.findFirstOrThrow({
    where: { level: "SUBSCRIPTION", name: "Unlimited" },
  });
  const developerRole = await db.role.findUniqueOrThrow({ where: { name: "developer" } });
  const adminRole = await db.role.findUniqueOrThrow({ where: { name: "admin" } });
  const pizza = await db.api.create({
    data: {
      name: "Pizza",
      version: "1.0.0",
      context: "/pizza",
      state: "PUBLISHED",
      scopes: {
        create: [
          { name: "pizza:read", roles: { create: [{ roleId: developerRole.id }] } },
          { name: "pizza:open" },
          { name: "pizza:admin", roles: { create: [{ roleId: adminRole.id }] } },
        ],
      },
    },
  });
  await db.api.create({
    data: {
      name: "Other",
      version: "1.0.0",
      context: "/other",
      state: "PUBLISHED",
      scopes: { create: [{ name: "other:read" }] },
    },
  });
  const application = await db.application.create({ data: { name: "App", ownerId: developer.id } });
  await db.subscription.create({ data: { applicationId: application.id, apiId: pizza.id, tierId: tier.id } });
  const client = await createClient(db, {
    applicationId: application.id,
    grantTypes: ["client_credentials", "password", "refresh_token", "authorization_code"],
  });
  const km = await startKeyManager({
    databaseUrl,
    dataDir,
    port: 0,
    audience: "https://gateway.example.test",
    logLevel: "error",
    ...options,
    configuration: { settingsCacheMs: 0, ...options.configuration },
  });
  const dispatcher = new Agent({
    connect: { ca: readFileSync(path.join(dataDir, "tls", "ca.pem"), "utf8") },
  });
  const fetch = (url: string | URL, init: RequestInit = {}) => undiciFetch(url, { ...init, dispatcher });
  return {
    km,
    db,
    dataDir,
    databaseUrl,
    fetch,
    dispatcher,
    developer: { id: developer.id, username: "dev", password: developerPassword },
    admin: { id: admin.id, username: "root", password: adminPassword },
    application: { id: application.id },
    client,
    async token(form, auth = client, issuer = km.url) {
      const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
      if (auth)
        headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.secret)}`).toString("base64")}`;
      const res = await fetch(`${issuer}/oauth2/token`, {
        method: "POST",
        headers,
        body: new URLSearchParams(form).toString(),
      });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
        headers: res.headers as unknown as Headers,
      };
    },
    async close() {
      await km.close();
      await dispatcher.close();
      await db.$disconnect();
      await scratch?.drop();
    },
  };
}

/** Row counts of every table a token request could touch, to assert that bad input changed nothing. */
export async function snapshot(db: Db): Promise<Record<string, unknown>> {
  return {
    accessTokens: await db.accessToken.findMany({ orderBy: { id: "asc" } }),
    refreshTokens: await db.refreshToken.findMany({ orderBy: { id: "asc" } }),
    families: await db.refreshTokenFamily.findMany({ orderBy: { id: "asc" } }),
    codes: await db.authorizationCode.findMany({ orderBy: { id: "asc" } }),
    sessions: await db.loginSession.count(),
    changes: await db.changeEvent.count(),
    replay: await db.replayGuard.count(),
    users: await db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, lastLoginAt: true } }),
    secrets: await db.clientSecret.findMany({ orderBy: { id: "asc" } }),
  };
}
