// A small world for gateway tests: a scratch SQLite database, the resident key manager's signing
// key, tokens minted exactly as the key manager issues them, and a real upstream server.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptSecret, loadOrCreateMasterKeyring, type MasterKeyring } from "@portico/crypto";
import { createDb, type Db } from "@portico/db";
import { loadSettings, type Settings } from "@portico/settings";
import { opaqueTokenHash } from "@portico/tokens";
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT } from "jose";
import { request } from "undici";
import { inject } from "vitest";
import { type GatewayOptions, type RunningGateway, startGateway } from "../src/index";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Upstream {
  url: string;
  seen: SeenRequest[];
  /** replaces the default echo answer */
  respond?: (req: SeenRequest, res: import("node:http").ServerResponse) => void;
  close(): Promise<void>;
}

/** A real backend on port 0 that records what reached it and echoes it back as JSON. */
export async function startUpstream(): Promise<Upstream> {
  const upstream: Upstream = { url: "", seen: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      upstream.seen.push(seen);
      if (upstream.respond) return upstream.respond(seen, res);
      const body = JSON.stringify({ method: seen.method, url: seen.url });
      res.writeHead(200, {
        "content-type": "application/json",
        "x-upstream": "yes",
        connection: "keep-alive, x-secret-hop",
        "x-secret-hop": "1",
        server: "backend/9.9",
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}

export interface ApiSpec {
  name?: string;
  context: string;
  version?: string;
  state?: "CREATED" | "PUBLISHED" | "DEPRECATED" | "RETIRED" | "BLOCKED";
  isDefaultVersion?: boolean;
  transports?: string[];
  productionEndpoint?: string | null;
  sandboxEndpoint?: string | null;
  productionFailovers?: string[];
  sandboxFailovers?: string[];
  loadBalance?: boolean;
  cors?: Record<string, unknown>;
  backendJwt?: Record<string, unknown>;
  forwardAuthorization?: boolean;
  allowMethodOverride?: boolean;
  throttlingTierId?: string;
  resources: Array<{
    method: string;
    path: string;
    scopes?: string[];
    authRequired?: boolean;
    throttlingTierId?: string;
  }>;
}

export interface MintOptions {
  clientId: string;
  scope?: string;
  sub?: string;
  username?: string;
  roles?: string[];
  applicationId?: string;
  keyType?: "PRODUCTION" | "SANDBOX";
  expiresIn?: number;
  /** override claims or header for bad-token tests */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
  /** skip the AccessToken row */
  noRecord?: boolean;
  now?: number;
}

export interface World {
  dir: string;
  db: Db;
  settings: Settings;
  keyring: MasterKeyring;
  upstream: Upstream;
  residentKeyManagerId: string;
  ownerId: string;
  ownerName: string;
  tier(
    name: string,
    requestCount: number | null,
    unitSeconds?: number,
    level?: "SUBSCRIPTION" | "APPLICATION" | "API",
    burst?: number,
  ): Promise<string>;
  createApi(spec: ApiSpec): Promise<{ id: string; resourceIds: string[] }>;
  createApplication(
    name: string,
    tierId?: string,
  ): Promise<{ id: string; productionClientId: string; sandboxClientId: string }>;
  subscribe(
    applicationId: string,
    apiId: string,
    tierId?: string,
    state?: "ACTIVE" | "BLOCKED" | "PROD_ONLY_BLOCKED" | "ON_HOLD" | "REJECTED",
  ): Promise<string>;
  mintJwt(options: MintOptions): Promise<{ token: string; jti: string }>;
  mintOpaque(options: MintOptions): Promise<{ token: string; jti: string }>;
  revoke(jti: string): Promise<void>;
  change(topic: string, entityId?: string): Promise<void>;
  start(options?: Partial<GatewayOptions>): Promise<RunningGateway>;
  close(): Promise<void>;
}

export const ISSUER = "https://km.portico.test";
export const GATEWAY_URL = "https://gw.portico.test:8243";

/** A world on a copy of the migrated SQLite template, or on `databaseUrl` (already migrated). */
export async function createWorld(
  env: Record<string, string> = {},
  options: { databaseUrl?: string } = {},
): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-gw-"));
  let url = options.databaseUrl;
  if (!url) {
    const file = path.join(dir, "portico.db");
    copyFileSync(inject("templateDb"), file);
    url = `file:${file}`;
  }
  const settings = loadSettings({
    DATABASE_URL: url,
    PORTICO_DATA_DIR: dir,
    PORTICO_ISSUER: ISSUER,
    PORTICO_GATEWAY_URL: GATEWAY_URL,
    PORTICO_MASTER_KEY: randomBytes(32).toString("base64"),
    // the tests' backends listen on loopback, which the egress policy refuses unless allowed
    PORTICO_BACKEND_ALLOW: "127.0.0.0/8",
    ...env,
  });
  const keyring = loadOrCreateMasterKeyring(dir, settings.PORTICO_MASTER_KEY);
  const db = createDb(url);
  const upstream = await startUpstream();

  const resident = await db.keyManager.create({
    data: { name: "Resident Key Manager", type: "RESIDENT", issuer: ISSUER },
  });
  const owner = await db.user.create({ data: { username: `dev-${randomUUID().slice(0, 8)}` } });
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `km-${randomUUID()}`;
  await db.signingKey.create({
    data: {
      kid,
      use: "ACCESS_TOKEN",
      alg: "ES256",
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" },
      privateKeyEnc: encryptSecret(keyring, await exportPKCS8(privateKey), `signing-key:${kid}`),
    },
  });

  const gateways: RunningGateway[] = [];
  const clientApps = new Map<
    string,
    { applicationId: string | null; keyType: "PRODUCTION" | "SANDBOX"; id: string }
  >();

  const record = async (
    o: MintOptions,
    jti: string,
    format: "JWT" | "OPAQUE",
    tokenHash: string | null,
    exp: number,
  ) => {
    const client = clientApps.get(o.clientId);
    if (!client) throw new Error(`unknown client ${o.clientId}`);
    await db.accessToken.create({
      data: {
        jti,
        tokenHash,
        format,
        clientId: client.id,
        applicationId: client.applicationId,
        keyType: client.keyType,
        scope: o.scope ?? "",
        grantType: o.sub ? "password" : "client_credentials",
        expiresAt: new Date(exp * 1000),
      },
    });
  };

  const world: World = {
    dir,
    db,
    settings,
    keyring,
    upstream,
    residentKeyManagerId: resident.id,
    ownerId: owner.id,
    ownerName: owner.username,
    async tier(name, requestCount, unitSeconds = 60, level = "SUBSCRIPTION", burst) {
      const t = await db.throttlingTier.create({
        data: {
          name,
          level,
          requestCount,
          unitSeconds,
          burst: burst ?? null,
          unlimited: requestCount === null,
        },
      });
      return t.id;
    },
    async createApi(spec) {
      const api = await db.api.create({
        data: {
          name: spec.name ?? spec.context.slice(1),
          version: spec.version ?? "1.0.0",
          context: spec.context,
          state: spec.state ?? "PUBLISHED",
          isDefaultVersion: spec.isDefaultVersion ?? false,
          transports: spec.transports ?? ["https", "http"],
          productionEndpoint: spec.productionEndpoint === undefined ? upstream.url : spec.productionEndpoint,
          sandboxEndpoint: spec.sandboxEndpoint === undefined ? null : spec.sandboxEndpoint,
          productionFailovers: spec.productionFailovers ?? [],
          sandboxFailovers: spec.sandboxFailovers ?? [],
          loadBalance: spec.loadBalance ?? false,
          cors: (spec.cors ?? { enabled: false }) as object,
          backendJwt: (spec.backendJwt ?? { enabled: false }) as object,
          forwardAuthorization: spec.forwardAuthorization ?? false,
          allowMethodOverride: spec.allowMethodOverride ?? false,
          throttlingTierId: spec.throttlingTierId ?? null,
          ownerId: owner.id,
        },
      });
      const resourceIds: string[] = [];
      for (const r of spec.resources) {
        const resource = await db.resource.create({
          data: {
            apiId: api.id,
            method: r.method,
            pathTemplate: r.path,
            authRequired: r.authRequired ?? true,
            throttlingTierId: r.throttlingTierId ?? null,
          },
        });
        resourceIds.push(resource.id);
        for (const name of r.scopes ?? []) {
          const scope = await db.scope.upsert({
            where: { name },
            create: { name, apiId: api.id },
            update: {},
          });
          await db.resourceScope.create({ data: { resourceId: resource.id, scopeId: scope.id } });
        }
      }
      return { id: api.id, resourceIds };
    },
    async createApplication(name, tierId) {
      const app = await db.application.create({
        data: { name, ownerId: owner.id, throttlingTierId: tierId ?? null },
      });
      const ids = { PRODUCTION: `ck-${randomUUID()}`, SANDBOX: `ck-${randomUUID()}` };
      for (const keyType of ["PRODUCTION", "SANDBOX"] as const) {
        const client = await db.oAuthClient.create({
          data: {
            clientId: ids[keyType],
            name: `${name} ${keyType}`,
            applicationId: app.id,
            keyType,
            keyManagerId: resident.id,
            grantTypes: ["client_credentials"],
          },
        });
        clientApps.set(ids[keyType], { applicationId: app.id, keyType, id: client.id });
      }
      return { id: app.id, productionClientId: ids.PRODUCTION, sandboxClientId: ids.SANDBOX };
    },
    async subscribe(applicationId, apiId, tierId, state = "ACTIVE") {
      const tier = tierId ?? (await world.tier(`Unlimited-${randomUUID().slice(0, 6)}`, null));
      const s = await db.subscription.create({ data: { applicationId, apiId, tierId: tier, state } });
      return s.id;
    },
    async mintJwt(o) {
      const client = clientApps.get(o.clientId);
      const now = Math.floor((o.now ?? Date.now()) / 1000);
      const exp = now + (o.expiresIn ?? 3600);
      const jti = randomUUID();
      const claims: Record<string, unknown> = {
        iss: ISSUER,
        sub: o.sub ?? o.clientId,
        aud: GATEWAY_URL,
        client_id: o.clientId,
        scope: o.scope ?? "",
        jti,
        iat: now,
        exp,
        ...(o.roles ? { roles: o.roles } : {}),
        ...(o.username ? { username: o.username } : {}),
        ...(client?.applicationId
          ? { application_id: o.applicationId ?? client.applicationId, key_type: o.keyType ?? client.keyType }
          : {}),
        gty: o.sub ? "password" : "client_credentials",
        ...o.claims,
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt", ...o.header })
        .sign(privateKey);
      if (!o.noRecord) await record(o, jti, "JWT", null, exp);
      return { token, jti };
    },
    async mintOpaque(o) {
      const token = randomBytes(32).toString("base64url");
      const jti = randomUUID();
      const now = Math.floor((o.now ?? Date.now()) / 1000);
      await record(o, jti, "OPAQUE", opaqueTokenHash(token), now + (o.expiresIn ?? 3600));
      return { token, jti };
    },
    async revoke(jti) {
      await db.accessToken.update({ where: { jti }, data: { revokedAt: new Date() } });
      await world.change("token.revoked", jti);
    },
    async change(topic, entityId) {
      await db.changeEvent.create({ data: { topic, entityId: entityId ?? null } });
    },
    async start(options = {}) {
      const gw = await startGateway({
        settings,
        db,
        keyring,
        httpPort: 0,
        httpsPort: 0,
        host: "127.0.0.1",
        pollIntervalMs: 200,
        log: () => {},
        ...options,
      });
      gateways.push(gw);
      return gw;
    },
    async close() {
      for (const gw of gateways) await gw.close();
      await upstream.close();
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the gateway or backend answered
  json(): any;
}

/** One call through the gateway, the body read as text. */
export async function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const response = await request(url, {
    method: (options.method ?? "GET") as "GET",
    headers: options.headers ?? {},
    ...(options.body !== undefined ? { body: options.body } : {}),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: () => JSON.parse(text) };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Polls `check` until it passes or `ms` elapse: for effects that arrive through change events. */
export async function eventually<T>(check: () => Promise<T>, ms = 2_000, step = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, step));
    }
  }
}

/** A call with node:http, for headers undici refuses to send (Connection, Keep-Alive, TE...). */
export function rawCall(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? "GET", headers: options.headers ?? {}, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

export interface ChildGateway {
  httpUrl: string;
  httpsUrl: string;
  stop(): Promise<void>;
}

/** Starts test/gateway-process.ts in a separate Node process on the world's database. */
export async function startChildGateway(
  world: World,
  extra: { env?: Record<string, string>; redisKeyPrefix?: string; frozenNow?: number; script?: string } = {},
): Promise<ChildGateway> {
  const env = {
    DATABASE_URL: world.settings.databaseUrl,
    PORTICO_DATA_DIR: world.dir,
    PORTICO_ISSUER: ISSUER,
    PORTICO_GATEWAY_URL: GATEWAY_URL,
    PORTICO_MASTER_KEY: world.settings.PORTICO_MASTER_KEY ?? "",
    PORTICO_BACKEND_ALLOW: world.settings.PORTICO_BACKEND_ALLOW ?? "",
    ...extra.env,
  };
  const script = extra.script ?? path.join(import.meta.dirname, "gateway-process.ts");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      script,
      JSON.stringify({ env, redisKeyPrefix: extra.redisKeyPrefix, frozenNow: extra.frozenNow }),
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      cwd: path.join(import.meta.dirname, ".."),
    },
  );
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const urls = await new Promise<{ httpUrl: string; httpsUrl: string }>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line));
    });
    child.on("exit", (code) => reject(new Error(`gateway process exited with ${code}: ${stderr}`)));
  });
  return {
    ...urls,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
