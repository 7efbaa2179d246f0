import type { IncomingMessage } from "node:http";
import type { CorsConfig } from "../config/snapshot";

function originAllowed(cors: CorsConfig, origin: string): boolean {
  return cors.allowOrigins.includes("*") || cors.allowOrigins.includes(origin);
}

const NONE: Readonly<Record<string, string>> = Object.freeze({});

/** Response headers for a cross-origin actual request, or none when the origin is not allowed. */
export function corsResponseHeaders(
  cors: CorsConfig,
  req: IncomingMessage,
): Readonly<Record<string, string>> {
  const origin = req.headers.origin;
  if (!cors.enabled || !origin || !originAllowed(cors, origin)) return NONE;
  const headers: Record<string, string> = {
    // Echo the origin (never `*` with credentials, Fetch standard), and tell caches it varies.
    "access-control-allow-origin": cors.allowCredentials || !cors.allowOrigins.includes("*") ? origin : "*",
    vary: "Origin",
  };
  if (cors.allowCredentials) headers["access-control-allow-credentials"] = "true";
  if (cors.exposeHeaders.length > 0) headers["access-control-expose-headers"] = cors.exposeHeaders.join(", ");
  return headers;
}

/**
 * Answers a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) without
 * authentication, as browsers send no credentials on preflights. Undefined when the request is
 * not a preflight or CORS is off for the API.
 */
export function preflightHeaders(cors: CorsConfig, req: IncomingMessage): Record<string, string> | undefined {
  const origin = req.headers.origin;
  const requested = req.headers["access-control-request-method"];
  if (!cors.enabled || req.method !== "OPTIONS" || !origin || typeof requested !== "string") return undefined;
  if (!originAllowed(cors, origin)) return { vary: "Origin" };
  const headers: Record<string, string> = {
    ...corsResponseHeaders(cors, req),
    // the snapshot already holds the schema's defaults in place of empty lists
    "access-control-allow-methods": cors.allowMethods.join(", "),
    "access-control-allow-headers": cors.allowHeaders.join(", "),
  };
  headers["access-control-max-age"] = String(cors.maxAge);
  return headers;
}
