import type { IncomingMessage, ServerResponse } from "node:http";
import type { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { type AddressList, clientAddress } from "@portico/settings";
import type { ChangeMessage } from "@portico/tokens";
import { ApiKeyStore } from "./auth/api-key-store";
import { Authenticator } from "./auth/authenticate";
import type { Caller } from "./auth/caller";
import { RevocationList } from "./auth/revocation-list";
import type { BackendSigningKey } from "./backend-jwt/backend-signing-key";
import { BackendJwtIssuer } from "./backend-jwt/create-backend-jwt";
import { loadSnapshot, PolicyCache } from "./config/load-snapshot";
import type { ApplicationEntry, RouteApi, Snapshot, SubscriptionEntry } from "./config/snapshot";
import type { Transport } from "./handle-request";
import { serveReserved } from "./http/serve-reserved";
import { GatewayMetrics, type MetricsSample } from "./observability/metrics";
import { Readiness } from "./observability/readiness";
import type { GatewayTracing } from "./observability/tracing";
import { type UsageBucket, UsageRecorder } from "./observability/usage-recorder";
import { backendRequestHeaders, DROPPED, DROPPED_ALLOWING_OVERRIDE } from "./proxy/backend-request-headers";
import type { UpstreamProxy } from "./proxy/forward-request";
import type { CounterStore } from "./throttling/counter-store";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type Log = (
  level: LogLevel,
  message: string,
  error?: unknown,
  fields?: Readonly<Record<string, unknown>>,
) => void;

export interface RuntimeParts {
  db: Db;
  keyring: MasterKeyring;
  issuer: string;
  audience: string;
  /** the gateway's public HTTPS URL, for backend-JWT issuer and audience */
  gatewayUrl: string;
  /** the gateway environment whose deployed revisions this gateway serves (PORTICO_GATEWAY_ENVIRONMENT) */
  environment: string;
  serverHeader?: string;
  clock: () => number;
  counters: CounterStore;
  proxy: UpstreamProxy;
  backendKey: BackendSigningKey;
  usageFlushIntervalMs: number;
  log: Log;
  /** hands usage buckets to the cluster primary instead of writing them, when this process is a worker */
  forwardUsage?: (buckets: UsageBucket[]) => void;
  /** the cluster primary's merged metrics, when this process is a worker */
  clusterMetrics?: (own: MetricsSample) => Promise<MetricsSample>;
  /** who may read /_portico/metrics (PORTICO_GATEWAY_METRICS_ALLOW) */
  metricsAllow: AddressList;
  /** proxies whose X-Forwarded-For is believed (PORTICO_TRUSTED_PROXIES) */
  trustedProxies: AddressList;
  /** OpenTelemetry spans, when OTEL_EXPORTER_OTLP_ENDPOINT is set */
  tracing?: GatewayTracing;
}

const CACHE_RESETTING_TOPICS = new Set(["client", "application", "signing-key", "key-manager"]);

/** Everything the hot path reads, kept current by change events. */
export class GatewayRuntime {
  snapshot!: Snapshot;
  readonly authenticator: Authenticator;
  readonly revocations = new RevocationList();
  readonly apiKeys: ApiKeyStore;
  readonly metrics = new GatewayMetrics();
  readonly readiness: Readiness;
  readonly usage: UsageRecorder;
  private readonly policies = new PolicyCache();
  private readonly issuer: BackendJwtIssuer;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;
  private clearCachesAfterReload = false;
  /** the origin of PORTICO_GATEWAY_URL, which DPoP proofs over HTTPS name (parsed once, not per call) */
  readonly publicOrigin: string;
  private readonly common: Record<Transport, Readonly<Record<string, string>>>;

  constructor(readonly parts: RuntimeParts) {
    this.publicOrigin = new URL(parts.gatewayUrl).origin;
    this.apiKeys = new ApiKeyStore(parts.db, this.revocations);
    this.authenticator = new Authenticator({
      db: parts.db,
      issuer: parts.issuer,
      audience: parts.audience,
      clock: parts.clock,
      revocations: this.revocations,
      snapshot: () => this.snapshot,
      refreshKeys: () => this.reload(),
    });
    this.issuer = new BackendJwtIssuer(parts.backendKey);
    this.readiness = new Readiness(parts.db);
    this.common = { http: this.headersFor("http"), https: this.headersFor("https") };
    this.usage = new UsageRecorder(
      parts.db,
      parts.usageFlushIntervalMs,
      (e) => parts.log("warn", "usage counters could not be written", e),
      parts.forwardUsage,
      (buckets) =>
        parts.log(
          "warn",
          `usage of ${buckets.length} API/application bucket(s) dropped: the API or application was deleted`,
        ),
    );
  }

  get clock(): () => number {
    return this.parts.clock;
  }

  get counters(): CounterStore {
    return this.parts.counters;
  }

  get proxy(): UpstreamProxy {
    return this.parts.proxy;
  }

  get tracing(): GatewayTracing | undefined {
    return this.parts.tracing;
  }

  private lastCounterWarning = 0;

  /** Logs an unreachable counter store at most every 10 s. */
  counterStoreFailed(error: unknown): void {
    const now = Date.now();
    if (now - this.lastCounterWarning < 10_000) return;
    this.lastCounterWarning = now;
    this.log("warn", "throttling counters unavailable; calls pass unthrottled", error);
  }

  log(level: LogLevel, message: string, error?: unknown, fields?: Readonly<Record<string, unknown>>): void {
    this.parts.log(level, message, error, fields);
  }

  private pruneTimer: NodeJS.Timeout | undefined;

  async start(): Promise<void> {
    this.snapshot = await loadSnapshot(
      this.parts.db,
      this.parts.keyring,
      this.policies,
      this.parts.environment,
      this.log.bind(this),
    );
    await this.revocations.load(this.parts.db, this.parts.clock());
    this.pruneTimer = setInterval(() => this.revocations.prune(this.parts.clock()), 60_000);
    this.pruneTimer.unref();
  }

  stop(): void {
    clearInterval(this.pruneTimer);
  }

  /** Rebuilds the snapshot; concurrent requests for a reload coalesce into one more. */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      try {
        do {
          this.reloadAgain = false;
          const next = await loadSnapshot(
            this.parts.db,
            this.parts.keyring,
            this.policies,
            this.parts.environment,
            this.log.bind(this),
          );
          this.snapshot = next;
          this.issuer.clear();
          if (this.clearCachesAfterReload) {
            this.clearCachesAfterReload = false;
            this.authenticator.clearCache();
            this.apiKeys.clear();
          }
        } while (this.reloadAgain);
      } catch (error) {
        this.log("warn", "configuration reload failed; serving the previous configuration", error);
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  onChange(message: ChangeMessage): void {
    if (message.topic === "token.revoked") {
      const jti = message.entityId;
      if (!jti) return;
      this.revocations.add(jti);
      // Keep the entry exactly as long as the token could be presented: until it expires.
      this.parts.db.accessToken
        .findUnique({ where: { jti }, select: { expiresAt: true } })
        .then((row) => {
          if (row) this.revocations.add(jti, row.expiresAt.getTime());
        })
        .catch(() => {
          // kept until restart: safe
        });
      return;
    }
    if (CACHE_RESETTING_TOPICS.has(message.topic)) this.clearCachesAfterReload = true;
    void this.reload();
  }

  private headersFor(transport: Transport): Readonly<Record<string, string>> {
    const headers: Record<string, string> = {};
    if (this.parts.serverHeader) headers.server = this.parts.serverHeader;
    if (transport === "https") headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
    return Object.freeze(headers);
  }

  /** Headers on every answer over this transport (shared, read-only). */
  commonHeaders(transport: Transport): Readonly<Record<string, string>> {
    return this.common[transport];
  }

  /** The client's address: the connection's, or from X-Forwarded-For when that is a trusted proxy. */
  clientAddress(req: IncomingMessage): string {
    return clientAddress(
      req.socket.remoteAddress ?? "",
      req.headers["x-forwarded-for"],
      this.parts.trustedProxies,
    );
  }

  /** The caller's headers as the backend gets them: filtered, plus X-Forwarded-*. */
  requestHeaders(
    req: IncomingMessage,
    api: RouteApi,
    transport: Transport,
  ): Record<string, string | string[]> {
    return backendRequestHeaders(
      req,
      api,
      transport,
      api.allowMethodOverride ? DROPPED_ALLOWING_OVERRIDE : DROPPED,
    );
  }

  /** The backend JWT for this call: the cached one without a promise, or a new signature. */
  backendJwt(
    api: RouteApi,
    caller: Caller | undefined,
    application: ApplicationEntry | undefined,
    subscription: SubscriptionEntry | undefined,
    now: number,
  ): string | Promise<string> {
    const nowSeconds = Math.floor(now / 1000);
    return (
      this.issuer.cached(caller, api, nowSeconds) ??
      this.issuer.issue({
        api,
        apiUrl: `${this.parts.gatewayUrl}${api.label}`,
        ...(caller ? { caller } : {}),
        ...(application ? { application } : {}),
        ...(subscription ? { subscription } : {}),
        issuer: this.parts.gatewayUrl,
        nowSeconds,
      })
    );
  }

  record(
    api: RouteApi | undefined,
    caller: Caller | undefined,
    status: number,
    seconds: number,
    now: number,
  ): void {
    this.metrics.record(api ? api.label : "", status, seconds);
    if (api) {
      this.usage.record(
        api.id,
        caller?.applicationId,
        caller?.keyType ?? "PRODUCTION",
        status,
        seconds * 1000,
        now,
      );
    }
  }

  /** `/_portico/health`, `/_portico/live`, `/_portico/ready`, `/_portico/metrics` and `/.well-known/jwks.json`. */
  async serveReserved(
    path: string,
    req: IncomingMessage,
    res: ServerResponse,
    common: Record<string, string>,
  ): Promise<number> {
    return serveReserved(
      {
        db: this.parts.db,
        snapshot: this.snapshot,
        metrics: this.metrics,
        readiness: this.readiness,
        metricsAllowed: this.parts.metricsAllow.has(this.clientAddress(req)),
        ...(this.parts.clusterMetrics ? { clusterMetrics: this.parts.clusterMetrics } : {}),
      },
      path,
      req,
      res,
      common,
    );
  }
}
