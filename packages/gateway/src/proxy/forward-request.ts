import type { IncomingMessage, ServerResponse } from "node:http";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { buffer } from "node:stream/consumers";
import type { BackendEgressPolicy } from "@portico/settings";
import { Agent, errors } from "undici";
import type { Endpoint } from "../config/snapshot";
import { GatewayError } from "../errors";
import { EgressConnector, EgressRefused } from "./backend-egress";
import { responseHead } from "./hop-by-hop";

export interface ProxyLimits {
  /** request bodies larger than this are refused with 413 */
  maxBodyBytes: number;
  /** backend answers larger than this are refused (502) or cut off when already under way */
  maxResponseBytes: number;
  /** time to the backend's response headers */
  headersTimeoutMs: number;
  /** idle time between body chunks */
  bodyTimeoutMs: number;
  connectTimeoutMs: number;
  /** after an endpoint could not be reached, the API's other endpoints are tried first this long */
  failoverSuspendMs: number;
  /**
   * request bodies up to this size are held in memory when an API has failover endpoints, so
   * that the next endpoint can be sent them too; larger or unsized ones go to one endpoint only
   */
  failoverBufferBytes: number;
}

export const DEFAULT_PROXY_LIMITS: ProxyLimits = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxResponseBytes: 64 * 1024 * 1024,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  connectTimeoutMs: 5_000,
  failoverSuspendMs: 30_000,
  failoverBufferBytes: 1024 * 1024,
};

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
}

class BodyTooLarge extends Error {}

class ResponseTooLarge extends Error {}

/** Counts streamed bytes and fails the stream past the limit. */
class BodyLimit extends Transform {
  private seen = 0;
  constructor(
    private readonly limit: number,
    private readonly failure: () => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(this.failure());
    else callback(null, chunk);
  }
}

/** The whole request body (its declared length is already known to be small). */
async function readWhole(req: IncomingMessage): Promise<Buffer> {
  try {
    return await buffer(req);
  } catch (error) {
    throw new GatewayError(
      400,
      "bad_request",
      "the request body ended before its declared length",
      {},
      {
        cause: error,
      },
    );
  }
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** connection failures that mean the endpoint was never reached, so nothing was sent to it */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN", "ENETUNREACH"]);

function unreachable(error: unknown): boolean {
  return (
    error instanceof errors.ConnectTimeoutError ||
    UNREACHABLE.has((error as { code?: string } | undefined)?.code ?? "")
  );
}

/** TLS handshake failures: an untrusted, expired or misnamed certificate, a protocol mismatch. */
function tlsFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^ERR_(TLS|SSL)_|CERT|UNABLE_TO_/.test(code);
}

/** Nothing of the call reached the endpoint: another endpoint may be sent it. */
function neverSent(error: unknown): boolean {
  return unreachable(error) || tlsFailure(error) || error instanceof EgressRefused;
}

/** Maps undici's failures to what the caller sees: refused/unreachable 503, timeouts 504, the rest 502. */
function upstreamError(error: unknown): GatewayError {
  const failed = (
    status: number,
    code: "backend_error" | "backend_timeout" | "backend_unavailable" | "backend_not_allowed",
    why: string,
  ) => new GatewayError(status, code, why, {}, { cause: error });
  if (error instanceof BodyTooLarge || (error instanceof Error && error.cause instanceof BodyTooLarge)) {
    return new GatewayError(413, "payload_too_large", "the request body is larger than the gateway accepts");
  }
  if (error instanceof EgressRefused)
    return failed(
      502,
      "backend_not_allowed",
      `the gateway does not call this API's backend: its address is ${error.refusal.code.replace("_", "-")} (PORTICO_BACKEND_ALLOW)`,
    );
  if (error instanceof ResponseTooLarge)
    return failed(502, "backend_error", "the backend's answer is larger than the gateway passes on");
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  )
    return failed(504, "backend_timeout", "the backend did not answer in time");
  if (tlsFailure(error))
    return failed(502, "backend_error", "the gateway could not verify the backend's identity (TLS)");
  if (unreachable(error)) return failed(503, "backend_unavailable", "the backend is unavailable");
  return failed(502, "backend_error", "the backend's answer could not be used");
}

/**
 * Forwards a call over pooled keep-alive connections, streaming both bodies. An endpoint that
 * cannot be reached is passed over for the API's next one (its failover), when the call can be
 * sent again: no body, or one small enough to hold; the unreachable endpoint is then tried last
 * for a while (suspended). Connection failures before anything was sent are retried once for
 * idempotent methods.
 */
export class UpstreamProxy {
  private readonly agent: Agent;
  /** endpoint key -> until when it is tried after the others (this process's view) */
  private readonly suspended = new Map<string, number>();
  /** load-balanced endpoint lists (the snapshot's) -> the index the next call starts at */
  private readonly cursors = new WeakMap<readonly Endpoint[], number>();

  private readonly onSuspended: (endpoint: string, error: unknown) => void;

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
    this.onSuspended = options.onSuspended ?? (() => {});
    // HTTPS backends: certificate and host name always verified, TLS 1.2 at least.
    const connect = {
      timeout: limits.connectTimeoutMs,
      minVersion: "TLSv1.2" as const,
      rejectUnauthorized: true,
      ...(options.ca ? { ca: options.ca } : {}),
      ...options.clientCertificate,
    };
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      connections: 256,
      pipelining: 1,
      headersTimeout: limits.headersTimeoutMs,
      bodyTimeout: limits.bodyTimeoutMs,
      connect: options.egress ? new EgressConnector(options.egress, connect).connect : connect,
    });
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
      input.endpoints.length > 1 ? this.inOrder(input.endpoints, input.loadBalance) : input.endpoints;
    let body: Readable | Buffer | null = null;
    let resendable = !hasBody;
    if (hasBody && endpoints.length > 1 && Number(declared) <= this.limits.failoverBufferBytes) {
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
        if (this.suspended.size > 0) this.suspended.delete(endpoint.key);
        return result;
      } catch (error) {
        if (endpoints.length > 1 && neverSent(error)) {
          this.suspend(endpoint, error);
          if (resendable && i + 1 < endpoints.length) continue;
        }
        throw upstreamError(error);
      }
    }
  }

  /**
   * The endpoints in the order to try them: load-balanced lists start one further each call
   * (round robin); suspended endpoints come after the rest.
   */
  private inOrder(all: readonly Endpoint[], loadBalance: boolean): readonly Endpoint[] {
    let endpoints = all;
    if (loadBalance) {
      const start = this.cursors.get(all) ?? 0;
      this.cursors.set(all, (start + 1) % all.length);
      if (start > 0) endpoints = [...all.slice(start), ...all.slice(0, start)];
    }
    if (this.suspended.size === 0) return endpoints;
    const now = Date.now();
    const ready: Endpoint[] = [];
    const waiting: Endpoint[] = [];
    for (const endpoint of endpoints) {
      const until = this.suspended.get(endpoint.key);
      if (until !== undefined && until <= now) this.suspended.delete(endpoint.key);
      if (until !== undefined && until > now) waiting.push(endpoint);
      else ready.push(endpoint);
    }
    return waiting.length === 0 ? endpoints : [...ready, ...waiting];
  }

  private suspend(endpoint: Endpoint, error: unknown): void {
    const now = Date.now();
    const until = this.suspended.get(endpoint.key);
    if (until === undefined || until <= now) this.onSuspended(endpoint.key, error);
    this.suspended.set(endpoint.key, now + this.limits.failoverSuspendMs);
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
      this.agent.dispatch(
        {
          origin: endpoint.origin,
          path: endpoint.basePath + input.path,
          method: method as "GET",
          headers: input.headers,
          body,
        },
        exchange,
      );
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * undici's dispatch handler for one exchange: the backend's response head and chunks go straight
 * to the caller's response, with backpressure. Rejects only while nothing was sent to the caller;
 * later failures cut the response off. A class rather than closures: nothing is built per call
 * but the object and one listener.
 */
class Exchange {
  private status = 0;
  private abortUpstream: ((reason?: Error) => void) | undefined;
  private resumeUpstream: (() => void) | undefined;
  /** bytes of an answer of undeclared length so far; -1 when the length was declared */
  private counted = -1;
  private done = false;
  private readonly callerGone: () => void;

  constructor(
    private readonly input: ForwardInput,
    private readonly maxResponse: number,
    private readonly resolve: (result: { status: number }) => void,
    private readonly reject: (error: Error) => void,
  ) {
    this.callerGone = this.abortOnCallerGone.bind(this);
    input.res.once("close", this.callerGone);
  }

  private abortOnCallerGone(): void {
    if (!this.done) this.abortUpstream?.(new Error("the caller went away"));
  }

  private finish(): void {
    this.done = true;
    this.input.res.off("close", this.callerGone);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortUpstream = abort;
  }

  onHeaders(statusCode: number, raw: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true; // 1xx: the final answer follows
    const { input } = this;
    const head = responseHead(raw, input.dropResponse);
    if (head.length !== undefined && head.length > this.maxResponse) {
      this.abortUpstream?.(new ResponseTooLarge());
      return false;
    }
    this.counted = head.length === undefined ? 0 : -1;
    this.resumeUpstream = resume;
    for (const name in input.responseHeaders) head.headers.push(name, input.responseHeaders[name] as string);
    for (const name in input.rateLimitHeaders)
      head.headers.push(name, input.rateLimitHeaders[name] as string);
    // A header Node refuses to write throws here, before anything is sent: the caller gets a 502.
    input.res.writeHead(statusCode, head.headers);
    this.status = statusCode;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.counted !== -1) {
      this.counted += chunk.length;
      // Undeclared length: cut the answer off past the limit.
      if (this.counted > this.maxResponse) {
        this.abortUpstream?.(new ResponseTooLarge());
        return false;
      }
    }
    const ok = this.input.res.write(chunk);
    if (!ok && this.resumeUpstream) this.input.res.once("drain", this.resumeUpstream);
    return ok;
  }

  onComplete(): void {
    this.finish();
    this.input.res.end();
    this.resolve({ status: this.status });
  }

  onError(error: Error): void {
    this.finish();
    if (this.status === 0) this.reject(error);
    else {
      this.input.res.destroy();
      this.resolve({ status: this.status });
    }
  }
}
