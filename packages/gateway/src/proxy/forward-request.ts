import type { IncomingMessage, ServerResponse } from "node:http";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { Agent, errors } from "undici";
import { GatewayError } from "../errors";
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
}

export const DEFAULT_PROXY_LIMITS: ProxyLimits = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxResponseBytes: 64 * 1024 * 1024,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  connectTimeoutMs: 5_000,
};

export interface ForwardInput {
  req: IncomingMessage;
  res: ServerResponse;
  /** the backend's origin (`http://host:port`) and the path + query to request there */
  origin: string;
  path: string;
  /** request headers for the backend, already filtered */
  headers: Record<string, string | string[]>;
  /** response headers the gateway adds (RateLimit, CORS, Server) */
  responseHeaders: Record<string, string>;
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

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** Maps undici's failures to what the caller sees: refused/unreachable 503, timeouts 504, the rest 502. */
function upstreamError(error: unknown): GatewayError {
  if (error instanceof BodyTooLarge || (error instanceof Error && error.cause instanceof BodyTooLarge)) {
    return new GatewayError(413, "payload_too_large", "the request body is larger than the gateway accepts");
  }
  if (error instanceof ResponseTooLarge) {
    return new GatewayError(
      502,
      "backend_error",
      "the backend's answer is larger than the gateway passes on",
    );
  }
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return new GatewayError(
      504,
      "backend_timeout",
      "the backend did not answer in time",
      {},
      { cause: error },
    );
  }
  const code = (error as { code?: string } | undefined)?.code;
  if (
    code === "ECONNREFUSED" ||
    code === "ENOTFOUND" ||
    code === "EHOSTUNREACH" ||
    code === "EAI_AGAIN" ||
    code === "ENETUNREACH"
  ) {
    return new GatewayError(503, "backend_unavailable", "the backend is unavailable", {}, { cause: error });
  }
  return new GatewayError(
    502,
    "backend_error",
    "the backend's answer could not be used",
    {},
    { cause: error },
  );
}

/**
 * Forwards a call over pooled keep-alive connections, streaming both bodies. Connection
 * failures before anything was sent are retried once for idempotent methods.
 */
export class UpstreamProxy {
  private readonly agent: Agent;

  constructor(readonly limits: ProxyLimits = DEFAULT_PROXY_LIMITS) {
    this.agent = new Agent({
      keepAliveTimeout: 10_000,
      connections: 256,
      pipelining: 1,
      headersTimeout: limits.headersTimeoutMs,
      bodyTimeout: limits.bodyTimeoutMs,
      connect: { timeout: limits.connectTimeoutMs },
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
    const body = hasBody
      ? req.pipe(new BodyLimit(this.limits.maxBodyBytes, () => new BodyTooLarge("request body too large")))
      : null;
    const send = () => this.dispatch(input, method, body);
    try {
      return await send();
    } catch (error) {
      const code = (error as { code?: string }).code;
      // A pooled connection the backend closed meanwhile: safe to retry once, as nothing was
      // consumed or sent yet.
      if (!hasBody && IDEMPOTENT.has(method) && (code === "ECONNRESET" || code === "UND_ERR_SOCKET")) {
        try {
          return await send();
        } catch (again) {
          throw upstreamError(again);
        }
      }
      throw upstreamError(error);
    }
  }

  /**
   * One exchange with the backend through undici's dispatch handler: response head and chunks
   * go straight to the caller's response, with backpressure, and no stream objects in between.
   * Rejects only while nothing was sent to the caller; later failures cut the response off.
   */
  private dispatch(input: ForwardInput, method: string, body: Readable | null): Promise<{ status: number }> {
    const { res } = input;
    const maxResponse = this.limits.maxResponseBytes;
    return new Promise((resolve, reject) => {
      let status = 0;
      let abortUpstream: ((reason?: Error) => void) | undefined;
      let resumeUpstream: (() => void) | undefined;
      let counted = -1;
      let done = false;
      const onDrain = () => resumeUpstream?.();
      const onCallerGone = () => {
        if (!done) abortUpstream?.(new Error("the caller went away"));
      };
      const finish = () => {
        done = true;
        res.off("close", onCallerGone);
      };
      res.once("close", onCallerGone);
      const handler = {
        onConnect(abort: (reason?: Error) => void) {
          abortUpstream = abort;
        },
        onHeaders(statusCode: number, raw: Buffer[], resume: () => void): boolean {
          if (statusCode < 200) return true; // 1xx: the final answer follows
          const head = responseHead(raw, input.dropResponse);
          if (head.length !== undefined && head.length > maxResponse) {
            abortUpstream?.(new ResponseTooLarge());
            return false;
          }
          counted = head.length === undefined ? 0 : -1;
          resumeUpstream = resume;
          for (const name in input.responseHeaders)
            head.headers.push(name, input.responseHeaders[name] as string);
          // A header Node refuses to write throws here, before anything is sent: the caller gets a 502.
          res.writeHead(statusCode, head.headers);
          status = statusCode;
          return true;
        },
        onData(chunk: Buffer): boolean {
          if (counted !== -1) {
            counted += chunk.length;
            // Undeclared length: cut the answer off past the limit.
            if (counted > maxResponse) {
              abortUpstream?.(new ResponseTooLarge());
              return false;
            }
          }
          const ok = res.write(chunk);
          if (!ok) res.once("drain", onDrain);
          return ok;
        },
        onComplete() {
          finish();
          res.end();
          resolve({ status });
        },
        onError(error: Error) {
          finish();
          if (status === 0) reject(error);
          else {
            res.destroy();
            resolve({ status });
          }
        },
      };
      this.agent.dispatch(
        { origin: input.origin, path: input.path, method: method as "GET", headers: input.headers, body },
        handler,
      );
    });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
