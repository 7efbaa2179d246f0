// A small request/response pair over node:http, with the few things OAuth endpoints need:
// a size-limited form body (RFC 6749 uses application/x-www-form-urlencoded only), repeated
// parameter detection (RFC 6749 3.1, 3.2), cookies, and responses that are never cached.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AddressList, clientAddress } from "@portico/settings";
import { InvalidRequest } from "../errors";
import { readCookie } from "./cookies";

/** Parameters that may legitimately repeat (RFC 8707 resource, RFC 8693 audience). */
const REPEATABLE = new Set(["resource", "audience"]);

export type Params = Map<string, string>;

export class Exchange {
  private bodyCache: Params | undefined;

  /** `url`: the request target, parsed by the server (see request-target.ts) */
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly url: URL,
    readonly issuer: string,
    private readonly maxBodyBytes: number,
    private readonly trustedProxies: AddressList,
  ) {}

  get method(): string {
    return this.req.method ?? "GET";
  }

  /**
   * The caller's address, for abuse limits and the audit log: the connection's, or read from
   * X-Forwarded-For when the connection is a trusted proxy's (PORTICO_TRUSTED_PROXIES).
   */
  get sourceAddress(): string {
    return clientAddress(
      this.req.socket.remoteAddress ?? "unknown",
      this.req.headers["x-forwarded-for"],
      this.trustedProxies,
    );
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  }

  /** A cookie's value; a malformed one counts as absent. */
  cookie(name: string): string | undefined {
    return readCookie(this.header("cookie"), name);
  }

  /** Query parameters, refusing repeats. */
  query(): Params {
    return toParams(this.url.searchParams);
  }

  /**
   * The form body: refuses other content types, bodies over the limit (413) and repeated
   * parameters, all as invalid_request.
   */
  async form(): Promise<Params> {
    if (this.bodyCache) return this.bodyCache;
    const type = (this.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/x-www-form-urlencoded") {
      // drain so the connection can be reused
      this.req.resume();
      throw new InvalidRequest("the body must be application/x-www-form-urlencoded");
    }
    const text = await this.readBody();
    this.bodyCache = toParams(new URLSearchParams(text));
    return this.bodyCache;
  }

  /**
   * A JSON object body (RFC 7591 registration requests only): refuses other content types, bodies
   * over the limit (413), malformed JSON and nesting deeper than 32, all as `invalid` (the
   * endpoint's own error code).
   */
  async jsonObject(invalid: (description: string) => Error): Promise<Record<string, unknown>> {
    const type = (this.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json") {
      this.req.resume();
      throw invalid("the body must be application/json");
    }
    const text = await this.readBody();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw invalid("the body is not valid JSON");
    }
    if (!value || typeof value !== "object" || Array.isArray(value))
      throw invalid("the body must be a JSON object");
    if (jsonDepth(value) > 32) throw invalid("the body is nested too deeply");
    return value as Record<string, unknown>;
  }

  private readBody(): Promise<string> {
    const declared = Number(this.header("content-length") ?? "0");
    if (declared > this.maxBodyBytes) {
      this.req.resume();
      return Promise.reject(new InvalidRequest("the request body is too large", 413));
    }
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      this.req.on("data", (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > this.maxBodyBytes) {
          failed = true;
          reject(new InvalidRequest("the request body is too large", 413));
          return;
        }
        chunks.push(chunk);
      });
      this.req.on("end", () => {
        if (!failed) resolve(Buffer.concat(chunks).toString("utf8"));
      });
      this.req.on("error", (error) => {
        if (!failed) reject(error);
      });
    });
  }

  /** Sets a cookie; `__Host-` cookies are always Secure, Path=/ and host-only. */
  setCookie(
    name: string,
    value: string,
    options: { maxAge?: number; sameSite?: "Lax" | "Strict" } = {},
  ): void {
    const parts = [
      `${name}=${encodeURIComponent(value)}`,
      "Path=/",
      "HttpOnly",
      "Secure",
      `SameSite=${options.sameSite ?? "Lax"}`,
    ];
    if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
    const existing = this.res.getHeader("set-cookie");
    const list = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
    this.res.setHeader("set-cookie", [...list, parts.join("; ")]);
  }

  /** JSON that must not be cached (RFC 6749 5.1). */
  json(status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body);
    this.res.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      pragma: "no-cache",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    this.res.end(text);
  }

  /** JSON that may be cached briefly (discovery, JWKS). */
  publicJson(body: unknown, maxAgeSeconds: number): void {
    const text = JSON.stringify(body);
    this.res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": `public, max-age=${maxAgeSeconds}`,
      "access-control-allow-origin": "*",
      "content-length": Buffer.byteLength(text),
    });
    this.res.end(text);
  }

  html(status: number, body: string, headers: Record<string, string> = {}): void {
    this.res.writeHead(status, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-frame-options": "DENY",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
      "content-length": Buffer.byteLength(body),
      ...headers,
    });
    this.res.end(body);
  }

  redirect(location: string): void {
    this.res.writeHead(303, { location, "cache-control": "no-store" });
    this.res.end();
  }
}

/** Nesting depth of a parsed JSON value, without recursion. */
function jsonDepth(root: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (!value || typeof value !== "object") continue;
    deepest = Math.max(deepest, depth);
    if (deepest > 32) return deepest;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function toParams(search: URLSearchParams): Params {
  const params: Params = new Map();
  const seen = new Set<string>();
  for (const [key, value] of search) {
    if (seen.has(key) && !REPEATABLE.has(key)) throw new InvalidRequest(`the ${key} parameter is repeated`);
    seen.add(key);
    // empty values are treated as absent (RFC 6749 3.1)
    if (value !== "") params.set(key, value);
  }
  return params;
}
