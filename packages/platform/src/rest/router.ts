import { randomBytes } from "node:crypto";
import { AddressList, clientAddress } from "@portico/settings";
import { bearerChallenge } from "@portico/tokens";
import type { z } from "zod";
import { authenticateBearer } from "../auth/authenticate-bearer";
import { type RestScope, requireScope } from "../auth/principal";
import { buildOperationContext, type OperationContext, type PlatformSetup } from "../context";
import { AppError } from "../errors";
import { parseCallerJson } from "../json-depth";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type UpdateSemantics = "partial" | "replace";

export interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

export interface Route {
  method: Method;
  /** path below the API's base, with {param} placeholders */
  path: string;
  summary: string;
  tag: string;
  /** the REST scope the call needs (checked again inside the operation) */
  scope: RestScope;
  /** request body schema, for the OpenAPI document */
  body?: z.ZodType;
  /**
   * For PUT and PATCH, what the body means: `partial` changes exactly the fields sent (omitted
   * ones stay, an empty body changes nothing); `replace` sets the whole object, and a body
   * lacking a required field is refused (400 naming it) rather than filled with defaults.
   */
  update?: UpdateSemantics;
  /** 200 by default; 201 for creation, 204 for no content */
  status?: 200 | 201 | 204;
  handle(ctx: OperationContext, req: RouteRequest): Promise<unknown>;
}

/** The app's platform setup (the same one its pages use) and what only REST needs. */
export interface RestDeps extends PlatformSetup {
  /** PORTICO_TRUSTED_PROXIES, parsed once */
  trustedProxies?: AddressList;
}

const NO_TRUSTED_PROXIES = new AddressList(undefined);

const MAX_BODY_BYTES = 3 * 1024 * 1024;

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const pattern = path.replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  return { regex: new RegExp(`^${pattern}$`), names };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
  });
}

export function errorResponse(error: AppError): Response {
  const headers: Record<string, string> =
    error.status === 401
      ? { "www-authenticate": bearerChallenge({ error: "invalid_token", error_description: error.message }) }
      : error.status === 403 && typeof error.details?.requiredScope === "string"
        ? {
            "www-authenticate": bearerChallenge({
              error: "insufficient_scope",
              scope: error.details.requiredScope,
            }),
          }
        : {};
  return json(error.status, error.toJSON(), headers);
}

async function readBody(request: Request): Promise<unknown> {
  if (request.method === "GET" || request.method === "DELETE") return undefined;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", "the request body is larger than 3 MiB");
  const text = await request.text();
  if (text.length === 0) return {};
  if (!/^application\/(.+\+)?json\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
  }
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", "the request body is larger than 3 MiB");
  return parseCallerJson(text);
}

/** Path parameters, percent-decoded; a malformed escape (`%ZZ`, a cut UTF-8 sequence) is the caller's error. */
function decodeParams(names: string[], values: string[]): Record<string, string> {
  try {
    return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(values[i] ?? "")]));
  } catch {
    throw new AppError("VALIDATION_FAILED", "the path has malformed percent-encoding");
  }
}

/** The request's URL; Next hands over absolute URLs, but a raw `*` or a bad host must not become a 500. */
function requestUrl(request: Request): URL | null {
  try {
    return new URL(request.url);
  } catch {
    return null;
  }
}

/**
 * A REST API over the platform's operations: matches the route, authenticates the Bearer token,
 * parses the body, runs the operation and maps errors to `{code, message, details?}`.
 */
export function createRestHandler(
  basePath: string,
  routes: Route[],
  deps: () => RestDeps,
  openApi: () => unknown,
) {
  const compiled = routes.map((r) => ({ route: r, ...compile(r.path) }));
  return async function handle(request: Request): Promise<Response> {
    const url = requestUrl(request);
    if (!url) return errorResponse(new AppError("VALIDATION_FAILED", "the request target is not a URL"));
    const path = url.pathname.slice(basePath.length) || "/";
    if (request.method === "GET" && path === "/openapi.json") return json(200, openApi());
    const candidates = compiled.filter((c) => c.regex.test(path));
    const match = candidates.find((c) => c.route.method === request.method);
    try {
      if (!match) {
        if (candidates.length) {
          return json(
            405,
            {
              code: "METHOD_NOT_ALLOWED",
              message: `use ${candidates.map((c) => c.route.method).join(", ")}`,
            },
            {
              allow: candidates.map((c) => c.route.method).join(", "),
            },
          );
        }
        throw new AppError("NOT_FOUND", `no such endpoint: ${request.method} ${path}`);
      }
      const params = decodeParams(match.names, match.regex.exec(path)?.slice(1) ?? []);
      const d = deps();
      // Route handlers see no socket: `next start` writes its address into X-Forwarded-For when
      // the caller sent none, so the header's last hop stands for the peer (see the README).
      const ip = clientAddress(
        undefined,
        request.headers.get("x-forwarded-for"),
        d.trustedProxies ?? NO_TRUSTED_PROXIES,
      );
      const actor = await authenticateBearer(d.db, request.headers.get("authorization"), {
        issuer: d.issuer,
        audience: d.gatewayUrl,
        ip,
        now: d.now,
      });
      // The route's declared scope is checked here too, so the table and the OpenAPI document
      // cannot promise a check an operation forgot.
      requireScope(actor, match.route.scope);
      const body = await readBody(request);
      const result = await match.route.handle(buildOperationContext(d, actor), {
        params,
        query: Object.fromEntries(url.searchParams),
        body,
      });
      return json(match.route.status ?? 200, result ?? {});
    } catch (error) {
      if (error instanceof AppError) return errorResponse(error);
      // Unexpected: log the error server-side under a correlation id (no request data), answer
      // with that id and no internals.
      const reference = randomBytes(8).toString("hex");
      console.error(
        `rest: ${request.method} ${path}: reference ${reference}:`,
        error instanceof Error ? error.message : error,
      );
      return json(500, {
        code: "INTERNAL",
        message: `something went wrong on our side (reference ${reference})`,
      });
    }
  };
}
