import type { IncomingMessage, ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type { PolicyCall } from "@portico/api-policies";
import type { BackendEgressPolicy } from "@portico/settings";
import { Agent } from "undici";
import type { ResponsePipeline } from "../config/compile-response-steps";
import type { Endpoint } from "../config/snapshot";
import { GatewayError } from "../errors";
import { EgressConnector } from "./backend-egress";
import { BodyLimit, readWhole } from "./body-limits";
import { EndpointOrder } from "./endpoint-order";
import { Exchange } from "./exchange";
import { DEFAULT_PROXY_LIMITS, type ProxyLimits } from "./proxy-limits";
import { BodyTooLarge, neverSent, upstreamError } from "./upstream-errors";

export { DEFAULT_PROXY_LIMITS, type ProxyLimits } from "./proxy-limits";

export interface ForwardInput {
  req: IncomingMessage;
  res: ServerResponse;
  /** the API's endpoint, then its failovers (at least one) */
  endpoints: readonly Endpoint[];
  /** spread calls over the endpoints round robin, rather than the first one first */
  loadBalance: boolean;
  /** the call's path + query, appended to the endpoint's base path */
  path: string;
  /** request headers for the backend, already filtered */
  headers: Record<string, string | string[]>;
  /** response headers the gateway adds (CORS, Server, HSTS) */
  responseHeaders: Readonly<Record<string, string>>;
  /** RateLimit headers, added after those (two objects rather than one merged per call) */
  rateLimitHeaders: Readonly<Record<string, string>>;
  /** response headers dropped from the backend's answer */
  dropResponse: ReadonlySet<string>;
  /** the request body, when a policy already read it (held, so any endpoint may be sent it) */
  body?: Buffer;
  /** the API's own time to the response headers and between body chunks (a policy's), ms */
  responseTimeoutMs?: number;
  /** the API's own time to connect to the backend (a policy's), ms: its own connection pool */
  connectTimeoutMs?: number;
  /** response-phase steps that see the backend's answer before the caller does */
  response?: { pipeline: ResponsePipeline; call: PolicyCall };
}

/** At most this many pools with an API's own connect timeout; the oldest is closed beyond it. */
const MAX_TIMEOUT_POOLS = 32;

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * Forwards a call over pooled keep-alive connections, streaming both bodies. An endpoint that
 * cannot be reached is passed over for the API's next one (its failover), when the call can be
 * sent again: no body, or one small enough to hold; the unreachable endpoint is then tried last
 * for a while (suspended). Connection failures before anything was sent are retried once for
 * idempotent methods.
 */
export class UpstreamProxy {
  private readonly agent: Agent;
  private readonly order: EndpointOrder;
  /** connect timeout (ms) -> the pools of calls with that timeout (undici's is per connection, not per call) */
  private readonly timeoutAgents = new Map<number, Agent>();
  private readonly makeAgent: (connectTimeoutMs: number) => Agent;

  constructor(
    readonly limits: ProxyLimits = DEFAULT_PROXY_LIMITS,
    options: {
      /** told when an endpoint is suspended: the first failure, not every call that then avoids it */
      onSuspended?: (endpoint: string, error: unknown) => void;
      /** CA certificates for HTTPS backends (PEM); Node's defaults when absent */
      ca?: string[];
      /** the certificate and key shown to backends that ask for one (PEM) */
      clientCertificate?: { cert: string; key: string };
      /** where calls may go (PORTICO_BACKEND_ALLOW); checked on every new connection, after DNS */
      egress?: BackendEgressPolicy;
    } = {},
  ) {
    this.order = new EndpointOrder(limits.failoverSuspendMs, options.onSuspended ?? (() => {}));
    this.makeAgent = (connectTimeoutMs) => {
      // HTTPS backends: certificate and host name always verified, TLS 1.2 at least.
      const connect = {
        timeout: connectTimeoutMs,
        minVersion: "TLSv1.2" as const,
        rejectUnauthorized: true,
        ...(options.ca ? { ca: options.ca } : {}),
        ...options.clientCertificate,
      };
      return new Agent({
        keepAliveTimeout: 10_000,
        connections: 256,
        pipelining: 1,
        headersTimeout: limits.headersTimeoutMs,
        bodyTimeout: limits.bodyTimeoutMs,
        connect: options.egress ? new EgressConnector(options.egress, connect).connect : connect,
      });
    };
    this.agent = this.makeAgent(limits.connectTimeoutMs);
  }

  /**
   * The pools for calls with this connect timeout: undici applies it when a connection is opened,
   * so calls with their own timeout get pools (per origin) of their own, made on first use.
   */
  private agentFor(connectTimeoutMs: number | undefined): Agent {
    if (connectTimeoutMs === undefined || connectTimeoutMs === this.limits.connectTimeoutMs)
      return this.agent;
    let agent = this.timeoutAgents.get(connectTimeoutMs);
    if (!agent) {
      if (this.timeoutAgents.size >= MAX_TIMEOUT_POOLS) {
        const [oldest, pools] = this.timeoutAgents.entries().next().value as [number, Agent];
        this.timeoutAgents.delete(oldest);
        // calls in flight on it finish; it takes no new ones
        void pools.close().catch(() => {});
      }
      agent = this.makeAgent(connectTimeoutMs);
      this.timeoutAgents.set(connectTimeoutMs, agent);
    }
    return agent;
  }

  async forward(input: ForwardInput): Promise<{ status: number }> {
    const { req } = input;
    const declared = req.headers["content-length"];
    if (declared !== undefined && Number(declared) > this.limits.maxBodyBytes) {
      throw new GatewayError(413, "payload_too_large", "the request body is larger than the gateway accepts");
    }
    const hasBody =
      declared !== undefined ? Number(declared) > 0 : req.headers["transfer-encoding"] !== undefined;
    const method = req.method ?? "GET";
    const endpoints =
      input.endpoints.length > 1 ? this.order.inOrder(input.endpoints, input.loadBalance) : input.endpoints;
    let body: Readable | Buffer | null = null;
    let resendable = !hasBody;
    if (input.body !== undefined) {
      body = input.body.length > 0 ? input.body : null;
      resendable = true;
    } else if (hasBody && endpoints.length > 1 && Number(declared) <= this.limits.failoverBufferBytes) {
      body = await readWhole(req);
      resendable = true;
    } else if (hasBody) {
      body = req.pipe(
        new BodyLimit(this.limits.maxBodyBytes, () => new BodyTooLarge("request body too large")),
      );
    }
    for (let i = 0; ; i++) {
      const endpoint = endpoints[i] as Endpoint;
      try {
        let result: { status: number };
        try {
          result = await this.dispatch(input, endpoint, method, body);
        } catch (error) {
          // A pooled connection the backend closed meanwhile: nothing was consumed or sent yet,
          // so a call without a body can safely be sent once more.
          const code = (error as { code?: string }).code;
          if (hasBody || !IDEMPOTENT.has(method) || (code !== "ECONNRESET" && code !== "UND_ERR_SOCKET"))
            throw error;
          result = await this.dispatch(input, endpoint, method, body);
        }
        this.order.reached(endpoint);
        return result;
      } catch (error) {
        if (endpoints.length > 1 && neverSent(error)) {
          this.order.suspend(endpoint, error);
          if (resendable && i + 1 < endpoints.length) continue;
        }
        throw upstreamError(error);
      }
    }
  }

  /** One exchange with the backend through undici's dispatch handler (see Exchange). */
  private dispatch(
    input: ForwardInput,
    endpoint: Endpoint,
    method: string,
    body: Readable | Buffer | null,
  ): Promise<{ status: number }> {
    return new Promise((resolve, reject) => {
      const exchange = new Exchange(input, this.limits.maxResponseBytes, resolve, reject);
      this.agentFor(input.connectTimeoutMs).dispatch(
        {
          origin: endpoint.origin,
          path: endpoint.basePath + input.path,
          method: method as "GET",
          headers: input.headers,
          body,
          ...(input.responseTimeoutMs !== undefined
            ? { headersTimeout: input.responseTimeoutMs, bodyTimeout: input.responseTimeoutMs }
            : {}),
        },
        exchange,
      );
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.agent.close(), ...[...this.timeoutAgents.values()].map((a) => a.close())]);
  }
}
