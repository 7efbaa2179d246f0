import type { IncomingHttpHeaders } from "node:http";

/** RFC 9110 section 7.6.1: connection-specific headers never cross a proxy. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "http2-settings",
]);

/** Copies headers minus hop-by-hop ones, those the Connection header names, and `drop`. */
export function stripHopByHop(
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>,
  drop: ReadonlySet<string>,
): Record<string, string | string[]> {
  const connection = headers.connection;
  const named = new Set<string>();
  if (typeof connection === "string" && connection !== "keep-alive" && connection !== "close") {
    for (const token of connection.split(",")) named.add(token.trim().toLowerCase());
  }
  const out: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || drop.has(name) || (named.size > 0 && named.has(name)))
      continue;
    out[name] = value;
  }
  return out;
}
