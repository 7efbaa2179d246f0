import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { loadOrCreateMasterKeyring, type MasterKeyring, serverTlsOptions } from "@portico/crypto";
import { type Db, getDb, providerOf } from "@portico/db";
import { AddressList, BackendEgressPolicy, type Settings } from "@portico/settings";
import { loadOrCreateBackendSigningKey } from "./backend-jwt/backend-signing-key";
import { followChanges } from "./config/follow-changes";
import { sendError } from "./errors";
import { GatewayRuntime, type Log } from "./gateway-runtime";
import { handleRequest, type Transport } from "./handle-request";
import { jsonLog } from "./observability/json-log";
import type { MetricsSample } from "./observability/metrics";
import { GatewayTracing } from "./observability/tracing";
import type { UsageBucket } from "./observability/usage-recorder";
import { backendCertificateAuthorities, backendClientCertificate } from "./proxy/backend-tls";
import { DEFAULT_PROXY_LIMITS, type ProxyLimits, UpstreamProxy } from "./proxy/forward-request";
import { type CounterStore, MemoryCounterStore } from "./throttling/counter-store";
import { RedisCounterStore } from "./throttling/redis-counter-store";

export interface GatewayOptions {
  settings: Settings;
  /** defaults to `getDb(settings.databaseUrl)` */
  db?: Db;
  /** defaults to the master keyring of `settings.dataDir` */
  keyring?: MasterKeyring;
  /** 0 picks a free port; defaults to the settings */
  httpsPort?: number;
  httpPort?: number;
  /** listen address; defaults to all interfaces */
  host?: string;
  /** epoch ms; tests freeze it */
  clock?: () => number;
  /** ChangeEvent polling interval without Redis (default 500 ms) */
  pollIntervalMs?: number;
  /** Redis URL for counters and change events; defaults to settings.REDIS_URL */
  redisUrl?: string;
  /** prefix of throttling keys in Redis (tests use one per test) */
  redisKeyPrefix?: string;
  /** where throttling counters live; by default Redis when configured, else this process */
  counterStore?: CounterStore;
  proxyLimits?: Partial<ProxyLimits>;
  /** largest request head accepted, bytes (default 16 KiB; larger gets 431) */
  maxHeaderBytes?: number;
  usageFlushIntervalMs?: number;
  log?: Log;
  clusterMetrics?: (own: MetricsSample) => Promise<MetricsSample>;
  /** cluster workers: usage buckets go to the primary, which writes them */
  forwardUsage?: (buckets: UsageBucket[]) => void;
  /**
   * false when someone else delivers change events through `runtime.onChange` (cluster workers
   * get them from the primary, so one process polls instead of one per core)
   */
  followChanges?: boolean;
}

export interface RunningGateway {
  httpsUrl: string;
  httpUrl: string;
  runtime: GatewayRuntime;
  close(): Promise<void>;
}

/** Answers what the HTTP parser refused (malformed, smuggling patterns, oversized heads) in the gateway's error shape. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    code: tooLarge ? "headers_too_large" : "bad_request",
    message: tooLarge ? "Request Header Fields Too Large" : "Bad Request",
    description: tooLarge
      ? "the request headers are larger than the gateway accepts"
      : "the request is malformed",
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** 405 for CONNECT, in the gateway's error shape. */
function answerConnect(socket: Socket): void {
  const body = JSON.stringify({
    code: "method_not_allowed",
    message: "Method Not Allowed",
    description: "the gateway does not tunnel connections",
  });
  socket.end(
    `HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts the gateway: loads the configuration, follows change events and listens on HTTPS
 * and HTTP. Resolves once both listeners accept connections.
 *
 * @example
 * const gw = await startGateway({ settings, httpsPort: 0, httpPort: 0, host: "127.0.0.1" });
 * await fetch(`${gw.httpUrl}/pizza/1.0.0/menu`);
 * await gw.close();
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { settings } = options;
  const log = options.log ?? jsonLog;
  const db = options.db ?? getDb(settings.databaseUrl);
  const keyring = options.keyring ?? loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
  const clock = options.clock ?? Date.now;
  const redisUrl = options.redisUrl ?? settings.REDIS_URL;
  const counters =
    options.counterStore ??
    (redisUrl
      ? new RedisCounterStore(
          redisUrl,
          options.redisKeyPrefix ?? "portico:throttle:",
          (event, error) =>
            event === "redis_unavailable"
              ? log("warn", "throttling counters: Redis unavailable, counting in this process", error)
              : log("info", "throttling counters: Redis answers again, counting there"),
          clock,
        )
      : new MemoryCounterStore(clock));
  const ca = backendCertificateAuthorities(settings.PORTICO_BACKEND_CA);
  const clientCertificate = backendClientCertificate(
    settings.PORTICO_BACKEND_CLIENT_CERT,
    settings.PORTICO_BACKEND_CLIENT_KEY,
  );
  // The gateway's own ports are known once it listens (port 0 in tests).
  const egress = new BackendEgressPolicy(settings.PORTICO_BACKEND_ALLOW);
  const proxy = new UpstreamProxy(
    { ...DEFAULT_PROXY_LIMITS, ...options.proxyLimits },
    {
      onSuspended: (endpoint, error) =>
        log(
          "warn",
          `backend endpoint ${endpoint} unreachable: its failovers are tried first for a while`,
          error,
        ),
      ...(ca ? { ca } : {}),
      ...(clientCertificate ? { clientCertificate } : {}),
      egress,
    },
  );
  const backendKey = await loadOrCreateBackendSigningKey(db, keyring);

  const tracing = settings.OTEL_EXPORTER_OTLP_ENDPOINT
    ? new GatewayTracing(settings.OTEL_EXPORTER_OTLP_ENDPOINT)
    : undefined;
  const runtime = new GatewayRuntime({
    db,
    keyring,
    issuer: settings.PORTICO_ISSUER,
    audience: settings.gatewayUrl,
    gatewayUrl: settings.gatewayUrl,
    environment: settings.PORTICO_GATEWAY_ENVIRONMENT,
    ...(settings.PORTICO_SERVER_HEADER ? { serverHeader: settings.PORTICO_SERVER_HEADER } : {}),
    clock,
    counters,
    proxy,
    backendKey,
    usageFlushIntervalMs: options.usageFlushIntervalMs ?? 5_000,
    log,
    ...(options.clusterMetrics ? { clusterMetrics: options.clusterMetrics } : {}),
    metricsAllow: new AddressList(settings.PORTICO_GATEWAY_METRICS_ALLOW),
    trustedProxies: new AddressList(settings.PORTICO_TRUSTED_PROXIES),
    ...(tracing ? { tracing } : {}),
    ...(options.forwardUsage ? { forwardUsage: options.forwardUsage } : {}),
  });
  await runtime.start();
  const follower =
    options.followChanges === false
      ? { close: async () => {} }
      : await followChanges({
          db,
          ...(redisUrl ? { redisUrl } : {}),
          ...(providerOf(settings.databaseUrl) === "postgresql" ? { postgresUrl: settings.databaseUrl } : {}),
          pollIntervalMs: options.pollIntervalMs ?? 500,
          onChange: (message) => runtime.onChange(message),
          onError: (error) => log("warn", "change events unavailable", error),
        });

  const handler = (transport: Transport) => (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(runtime, req, res, transport).catch((error: unknown) => {
      // the request boundary: nothing escapes to the process
      const sent = sendError(res, error);
      log("error", `unhandled request failure: ${sent.description}`, error);
    });
  };
  const serverOptions = {
    maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024,
    requestTimeout: 60_000,
    headersTimeout: 20_000,
    keepAliveTimeout: 65_000,
    // Reject what a lenient parser would let through (smuggling): the default, stated.
    insecureHTTPParser: false,
  };
  const tls = await serverTlsOptions({
    dataDir: settings.dataDir,
    ...(settings.PORTICO_TLS_CERT ? { certFile: settings.PORTICO_TLS_CERT } : {}),
    ...(settings.PORTICO_TLS_KEY ? { keyFile: settings.PORTICO_TLS_KEY } : {}),
    minVersion: settings.PORTICO_TLS_MIN_VERSION,
    ...(settings.PORTICO_TLS_CIPHERS ? { ciphers: settings.PORTICO_TLS_CIPHERS } : {}),
  });
  // RFC 8705: ask for a client certificate, check it against the CA, and let the API decide
  const clientCa = settings.PORTICO_GATEWAY_CLIENT_CA
    ? { requestCert: true, rejectUnauthorized: false, ca: readFileSync(settings.PORTICO_GATEWAY_CLIENT_CA) }
    : {};
  const https = createHttpsServer({ ...tls, ...clientCa, ...serverOptions }, handler("https"));
  const http = createHttpServer(serverOptions, handler("http"));
  for (const server of [https, http]) {
    server.on("clientError", answerClientError);
    // CONNECT (tunnelling) is never served; without a listener Node drops the connection unanswered
    server.on("connect", (_req: IncomingMessage, socket: Socket) => answerConnect(socket));
  }
  // TLS handshake failures (old protocol, no shared cipher) just close the connection.
  https.on("tlsClientError", () => {});

  const host = options.host;
  const httpsPort = await listen(https, options.httpsPort ?? settings.PORTICO_GATEWAY_HTTPS_PORT, host);
  const httpPort = await listen(http, options.httpPort ?? settings.PORTICO_GATEWAY_HTTP_PORT, host);
  egress.ownPorts = [httpsPort, httpPort];
  const shownHost = host && host !== "0.0.0.0" && host !== "::" ? host : settings.PORTICO_HOST;

  let closing: Promise<void> | undefined;
  return {
    httpsUrl: `https://${shownHost}:${httpsPort}`,
    httpUrl: `http://${shownHost}:${httpPort}`,
    runtime,
    close() {
      closing ??= (async () => {
        runtime.readiness.draining = true;
        const closed = Promise.all(
          [https, http].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
        );
        // A keep-alive connection whose call finishes meanwhile would hold the stop until the
        // force timer: answers now say Connection: close, and idle connections close at once.
        for (const s of [https, http]) {
          s.on("request", (_req: IncomingMessage, res: ServerResponse) =>
            res.setHeader("connection", "close"),
          );
          s.closeIdleConnections();
        }
        const idle = setInterval(() => {
          for (const s of [https, http]) s.closeIdleConnections();
        }, 100);
        const force = setTimeout(() => {
          for (const s of [https, http]) s.closeAllConnections();
        }, 5_000);
        await closed;
        clearTimeout(force);
        clearInterval(idle);
        await follower.close();
        runtime.stop();
        await runtime.usage.close();
        await counters.close();
        await proxy.close();
        await tracing?.shutdown();
      })();
      return closing;
    },
  };
}
