// The key manager's HTTPS server: a route table of endpoint modules, one error serializer.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { TlsOptions } from "node:tls";
import { loadOrCreateMasterKeyring, type MasterKeyring, serverTlsOptions } from "@portico/crypto";
import { createDb, type Db } from "@portico/db";
import { AddressList, requestIdOf } from "@portico/settings";
import { Redis } from "ioredis";
import { clientCertificateRequest } from "./clients/client-certificate";
import { ensurePortalClients } from "./clients/portal-clients";
import { type ConfigurationOverrides, resolveConfiguration } from "./configuration";
import { authorizationEndpoint } from "./endpoints/authorize";
import { deviceAuthorizationEndpoint } from "./endpoints/device-authorization";
import { deviceVerificationEndpoint } from "./endpoints/device-verification";
import { discoveryEndpoint } from "./endpoints/discovery";
import { healthEndpoint } from "./endpoints/health";
import { introspectionEndpoint } from "./endpoints/introspect";
import { jwksEndpoint } from "./endpoints/jwks";
import { liveEndpoint } from "./endpoints/live";
import { logoutEndpoint } from "./endpoints/logout";
import { clientConfigurationEndpoint, REGISTRATION_PATH_PREFIX } from "./endpoints/manage-registration";
import { readyEndpoint } from "./endpoints/ready";
import { registrationEndpoint } from "./endpoints/register";
import { revocationEndpoint } from "./endpoints/revoke";
import { signupEndpoint } from "./endpoints/signup";
import { tokenEndpoint } from "./endpoints/token";
import { userinfoEndpoint } from "./endpoints/userinfo";
import { InvalidRequest, OAuthError, serializeOAuthError } from "./errors";
import { builtInGrantTypes } from "./grants/built-in";
import { ensureGrantTypeSettings } from "./grants/ensure-grant-type-settings";
import { createGrantRegistry, type GrantTypeModule } from "./grants/registry";
import { databaseUnavailable, isDatabaseUnavailable } from "./http/database-unavailable";
import { Exchange } from "./http/exchange";
import { parseRequestTarget } from "./http/request-target";
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
  "/_portico/live": { GET: liveEndpoint },
  "/_portico/ready": { GET: readyEndpoint },
  "/.well-known/oauth-authorization-server": { GET: discoveryEndpoint },
  "/.well-known/openid-configuration": { GET: discoveryEndpoint },
  "/oauth2/jwks": { GET: jwksEndpoint },
  "/oauth2/token": { POST: tokenEndpoint },
  "/oauth2/authorize": { GET: authorizationEndpoint, POST: authorizationEndpoint },
  "/oauth2/introspect": { POST: introspectionEndpoint },
  "/oauth2/revoke": { POST: revocationEndpoint },
  "/oauth2/userinfo": { GET: userinfoEndpoint, POST: userinfoEndpoint },
  "/oauth2/logout": { GET: logoutEndpoint, POST: logoutEndpoint },
  // RFC 8628: the device authorization endpoint and the verification page
  "/oauth2/device_authorization": { POST: deviceAuthorizationEndpoint },
  "/oauth2/device": { GET: deviceVerificationEndpoint, POST: deviceVerificationEndpoint },
  // developer self sign-up; answers 404 unless PlatformSetting signup.enabled is true
  "/signup": { GET: signupEndpoint, POST: signupEndpoint },
  // RFC 7591 registration; answers 404 unless the registration policy is on
  "/oauth2/register": { POST: registrationEndpoint },
};

/** RFC 7592: `/oauth2/register/{client_id}`, the one route with a path parameter. */
const clientConfigurationRoute: Partial<Record<string, Handler>> = {
  GET: clientConfigurationEndpoint,
  PUT: clientConfigurationEndpoint,
  DELETE: clientConfigurationEndpoint,
};

/** The request boundary: every target, method and failure gets an answer; nothing escapes to the process. */
async function handle(
  km: KeyManager,
  req: IncomingMessage,
  res: ServerResponse,
  serverHeader: string | undefined,
  trustedProxies: AddressList,
): Promise<void> {
  if (serverHeader) res.setHeader("server", serverHeader);
  res.setHeader("strict-transport-security", "max-age=31536000");
  // the caller's id when well formed (a gateway or portal passing theirs on), else a new one
  const requestId = requestIdOf(req.headers["x-request-id"]);
  res.setHeader("x-request-id", requestId);
  const url = parseRequestTarget(req.url, new URL(km.issuer).origin);
  const ex = new Exchange(
    req,
    res,
    url ?? new URL(km.issuer),
    km.issuer,
    km.config.maxBodyBytes,
    trustedProxies,
  );
  try {
    if (!url) throw new InvalidRequest("the request target is not a path this server serves");
    const methods =
      routes[url.pathname] ??
      (url.pathname.startsWith(REGISTRATION_PATH_PREFIX) ? clientConfigurationRoute : undefined);
    if (!methods) throw new OAuthError("invalid_request", "no such endpoint", 404);
    const handler = methods[ex.method];
    if (!handler) {
      const error = new InvalidRequest(`${ex.method} is not allowed here`, 405);
      error.headers.Allow = Object.keys(methods).join(", ");
      throw error;
    }
    await handler(km, ex);
  } catch (thrown) {
    // the caller went away mid-request: nobody to answer, nothing went wrong here
    if (req.destroyed && (thrown as { code?: unknown }).code === "ECONNRESET") return;
    const databaseDown = !(thrown instanceof OAuthError) && isDatabaseUnavailable(thrown);
    if (databaseDown) km.log.log("warn", "request.database_unavailable", { requestId, path: url?.pathname });
    const error = databaseDown ? databaseUnavailable(thrown) : thrown;
    const reference = error instanceof OAuthError ? undefined : randomBytes(8).toString("hex");
    const serialized = serializeOAuthError(error, reference);
    if (serialized.unexpected)
      km.log.log("error", "request.failed", {
        reference,
        requestId,
        method: ex.method,
        path: url?.pathname,
        ...describeError(error),
      });
    if (!res.headersSent) ex.json(serialized.status, serialized.body, serialized.headers);
    else res.destroy();
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
  /** PORTICO_KM_CLIENT_CA (PEM): the CA of `tls_client_auth` certificates */ clientCa?: string;
  redisUrl?: string;
  serverHeader?: string;
  /** PORTICO_TRUSTED_PROXIES: proxies whose X-Forwarded-For names the caller's address */
  trustedProxies?: string;
  logLevel?: LogLevel;
  configuration?: ConfigurationOverrides;
  /** extra grant type modules (see grants/examples/downscope.ts) */
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
  await ensureGrantTypeSettings(db, registry.all());
  await ensurePortalClients(db, keyring, resident.id, options.portals);
  await db.replayGuard.deleteMany({ where: { expiresAt: { lt: now() } } });

  const tls = options.tls ?? (await serverTlsOptions({ dataDir: options.dataDir }));
  let km: KeyManager | undefined;
  let issuer = options.issuer?.replace(/\/$/, "");
  const trustedProxies = new AddressList(options.trustedProxies);
  // Limits stated rather than inherited: heads over 16 KiB are 431, a head must arrive within
  // 20 s and a whole request within 60 s. RFC 8705: every client is asked for a certificate.
  const limits = { maxHeaderSize: 16 * 1024, headersTimeout: 20_000, requestTimeout: 60_000 };
  const serverOptions = { ...tls, ...clientCertificateRequest(options.clientCa), ...limits };
  const server: Server = createServer(serverOptions, (req: IncomingMessage, res: ServerResponse) => {
    if (!km) {
      res.writeHead(503).end();
      return;
    }
    handle(km, req, res, options.serverHeader, trustedProxies).catch((error: unknown) => {
      // only a failure to write the error answer itself gets here
      km?.log.log("error", "request.unanswered", describeError(error));
      res.destroy();
    });
  });
  // CONNECT (tunnelling) is never served; without a listener Node drops the connection unanswered
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => {
    const body = JSON.stringify({
      error: "invalid_request",
      error_description: "CONNECT is not allowed here",
    });
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, POST\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
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
    lifecycle: { draining: false },
    clientCaConfigured: Boolean(options.clientCa),
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
      if (km) km.lifecycle.draining = true;
      clearInterval(sweep);
      // requests in flight finish (up to 5 s); idle keep-alive connections close at once
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 5_000);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await changes.close();
      abuseRedis?.disconnect();
      if (ownsDb) await db.$disconnect();
    },
  };
}
