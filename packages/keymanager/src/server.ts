// The key manager's HTTPS server: a route table of endpoint modules, one error serializer.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { TlsOptions } from "node:tls";
import { loadOrCreateMasterKeyring, type MasterKeyring, serverTlsOptions } from "@portico/crypto";
import { createDb, type Db } from "@portico/db";
import { AddressList } from "@portico/settings";
import { Redis } from "ioredis";
import { ensurePortalClients } from "./clients/portal-clients";
import { type ConfigurationOverrides, resolveConfiguration } from "./configuration";
import { authorizationEndpoint } from "./endpoints/authorize";
import { discoveryEndpoint } from "./endpoints/discovery";
import { healthEndpoint } from "./endpoints/health";
import { introspectionEndpoint } from "./endpoints/introspect";
import { jwksEndpoint } from "./endpoints/jwks";
import { logoutEndpoint } from "./endpoints/logout";
import { revocationEndpoint } from "./endpoints/revoke";
import { signupEndpoint } from "./endpoints/signup";
import { tokenEndpoint } from "./endpoints/token";
import { userinfoEndpoint } from "./endpoints/userinfo";
import { InvalidRequest, OAuthError, serializeOAuthError } from "./errors";
import { builtInGrantTypes } from "./grants/built-in";
import { createGrantRegistry, type GrantRegistry, type GrantTypeModule } from "./grants/registry";
import { Exchange } from "./http/exchange";
import { createLimiters, type KeyManager } from "./key-manager";
import { ensureSigningKeys, SigningKeyStore } from "./keys/signing-keys";
import { createLogger, describeError, type LogLevel } from "./log";
import { PlatformSettings } from "./platform-settings";
import { ChangeNotifier } from "./revocation/change-notifier";
import { AccessTokenWriter, detectProvider } from "./tokens/access-token-writer";
import { TtlCache } from "./ttl-cache";

type Handler = (km: KeyManager, ex: Exchange) => Promise<void> | void;

/** The design's public contract: these paths do not change without an issue. */
const routes: Record<string, Partial<Record<string, Handler>>> = {
  "/_portico/health": { GET: healthEndpoint },
  "/.well-known/oauth-authorization-server": { GET: discoveryEndpoint },
  "/.well-known/openid-configuration": { GET: discoveryEndpoint },
  "/oauth2/jwks": { GET: jwksEndpoint },
  "/oauth2/token": { POST: tokenEndpoint },
  "/oauth2/authorize": { GET: authorizationEndpoint, POST: authorizationEndpoint },
  "/oauth2/introspect": { POST: introspectionEndpoint },
  "/oauth2/revoke": { POST: revocationEndpoint },
  "/oauth2/userinfo": { GET: userinfoEndpoint, POST: userinfoEndpoint },
  "/oauth2/logout": { GET: logoutEndpoint, POST: logoutEndpoint },
  // developer self sign-up; answers 404 unless PlatformSetting signup.enabled is true
  "/signup": { GET: signupEndpoint, POST: signupEndpoint },
};

async function handle(km: KeyManager, ex: Exchange, serverHeader: string | undefined): Promise<void> {
  if (serverHeader) ex.res.setHeader("server", serverHeader);
  ex.res.setHeader("strict-transport-security", "max-age=31536000");
  try {
    const methods = routes[ex.url.pathname];
    if (!methods) throw new OAuthError("invalid_request", "no such endpoint", 404);
    const handler = methods[ex.method];
    if (!handler) {
      const error = new InvalidRequest(`${ex.method} is not allowed here`, 405);
      error.headers.Allow = Object.keys(methods).join(", ");
      throw error;
    }
    await handler(km, ex);
  } catch (error) {
    const serialized = serializeOAuthError(error);
    if (serialized.unexpected)
      km.log.log("error", "request.failed", { path: ex.url.pathname, ...describeError(error) });
    if (!ex.res.headersSent) ex.json(serialized.status, serialized.body, serialized.headers);
    else ex.res.destroy();
  }
}

export interface StartKeyManagerOptions {
  /** a database client; or `databaseUrl` to open one (migrated and seeded beforehand) */
  db?: Db;
  databaseUrl?: string;
  /** the data folder: master key and TLS material */
  dataDir: string;
  /** PORTICO_MASTER_KEY; the key file in dataDir otherwise */
  masterKey?: string;
  keyring?: MasterKeyring;
  /** settings.PORTICO_ISSUER; `https://localhost:<port>` when absent */
  issuer?: string;
  /** settings.gatewayUrl: the access tokens' audience */
  audience?: string;
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** node TLS options; the local CA's localhost certificate otherwise */
  tls?: TlsOptions;
  redisUrl?: string;
  serverHeader?: string;
  /** PORTICO_TRUSTED_PROXIES: proxies whose X-Forwarded-For names the caller's address */
  trustedProxies?: string;
  logLevel?: LogLevel;
  configuration?: ConfigurationOverrides;
  /** extra grant type modules (see grants/example-downscope.ts) */
  grantTypes?: readonly GrantTypeModule[];
  /** the portals' addresses, for their sign-in clients' redirect URIs */
  portals?: { publisherUrl: string; devportalUrl: string };
  /** injectable clock */
  now?: () => Date;
}

export interface RunningKeyManager {
  /** the issuer URL */
  url: string;
  port: number;
  keyManager: KeyManager;
  close(): Promise<void>;
}

/** Registers a GrantTypeSetting row for grant modules outside the built-in catalog. */
async function registerGrantSettings(db: Db, registry: GrantRegistry): Promise<void> {
  for (const module of registry.all()) {
    if (!module.setting) continue;
    await db.grantTypeSetting.upsert({
      where: { name: module.grantType },
      create: { name: module.grantType, ...module.setting },
      update: {},
    });
  }
}

/**
 * Starts the key manager over HTTPS.
 *
 * @example
 * const km = await startKeyManager({ databaseUrl, dataDir, port: 0 });
 * await fetch(`${km.url}/.well-known/openid-configuration`);
 * await km.close();
 */
export async function startKeyManager(options: StartKeyManagerOptions): Promise<RunningKeyManager> {
  const config = resolveConfiguration(options.configuration);
  const ownsDb = !options.db;
  const db = options.db ?? createDb(options.databaseUrl ?? `file:${options.dataDir}/portico.db`);
  const keyring = options.keyring ?? loadOrCreateMasterKeyring(options.dataDir, options.masterKey);
  const now = options.now ?? (() => new Date());
  const resident = await db.keyManager.findFirst({
    where: { type: "RESIDENT" },
    orderBy: { createdAt: "asc" },
  });
  if (!resident)
    throw new Error("no resident key manager in the database: apply migrations and seedPlatform first");
  await ensureSigningKeys(db, keyring, [config.accessTokenSigningAlg, config.idTokenSigningAlg]);
  const registry = createGrantRegistry([...builtInGrantTypes, ...(options.grantTypes ?? [])]);
  await registerGrantSettings(db, registry);
  await ensurePortalClients(db, keyring, resident.id, options.portals);
  await db.replayGuard.deleteMany({ where: { expiresAt: { lt: now() } } });

  const tls = options.tls ?? (await serverTlsOptions({ dataDir: options.dataDir }));
  let km: KeyManager | undefined;
  let issuer = options.issuer?.replace(/\/$/, "");
  const trustedProxies = new AddressList(options.trustedProxies);
  const server: Server = createServer(tls, (req: IncomingMessage, res: ServerResponse) => {
    if (!km) {
      res.writeHead(503).end();
      return;
    }
    void handle(
      km,
      new Exchange(req, res, km.issuer, config.maxBodyBytes, trustedProxies),
      options.serverHeader,
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "localhost", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  issuer ??= `https://localhost:${port}`;
  const changes = new ChangeNotifier(db, options.redisUrl);
  const log = createLogger(options.logLevel ?? "info");
  // Abuse limits shared by every replica using this Redis. No offline queue: while Redis is
  // unreachable a check fails at once and the in-process counts stand in.
  const abuseRedis = options.redisUrl
    ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
    : undefined;
  abuseRedis?.on("error", () => {});
  let abuseErrorLoggedAt = 0;
  const onAbuseStoreError = (error: unknown) => {
    if (Date.now() - abuseErrorLoggedAt < 60_000) return;
    abuseErrorLoggedAt = Date.now();
    log.log("warn", "abuse_limits.redis_unavailable", {
      ...describeError(error),
      fallback: "in-process counts",
    });
  };
  km = {
    db,
    keyring,
    issuer,
    audience: options.audience ?? "https://localhost:8243",
    keyManagerId: resident.id,
    config,
    keys: new SigningKeyStore(db, keyring),
    settings: new PlatformSettings(db, resident.id, config.settingsCacheMs),
    changes,
    grants: registry,
    limiters: createLimiters(
      config,
      now,
      abuseRedis ? { redis: abuseRedis, onError: onAbuseStoreError } : undefined,
    ),
    tokenWriter: new AccessTokenWriter(db, await detectProvider(db)),
    cache: { clients: new TtlCache(config.settingsCacheMs), roles: new TtlCache(config.settingsCacheMs) },
    verifiedSecrets: new Map(),
    processKey: randomBytes(32),
    log,
    now,
  };
  await km.keys.reload();
  // one-time values (client assertion and JWT bearer jti) are kept only until they expire
  const sweep = setInterval(() => {
    void db.replayGuard.deleteMany({ where: { expiresAt: { lt: now() } } }).catch(() => undefined);
  }, 10 * 60_000);
  sweep.unref();
  return {
    url: issuer,
    port,
    keyManager: km,
    async close() {
      clearInterval(sweep);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await changes.close();
      abuseRedis?.disconnect();
      if (ownsDb) await db.$disconnect();
    },
  };
}
