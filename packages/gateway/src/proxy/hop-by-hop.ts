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

/**
 * The backend's raw response head (undici's alternating name/value buffers) as a flat
 * `writeHead` list, minus hop-by-hop headers, those the Connection header names, and `drop`;
 * plus the declared Content-Length.
 */
export function responseHead(
  raw: Buffer[],
  drop: ReadonlySet<string>,
): { headers: string[]; length?: number } {
  const headers: string[] = [];
  let named: Set<string> | undefined;
  let length: number | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] as Buffer).toString("latin1").toLowerCase();
    const value = (raw[i + 1] as Buffer).toString("latin1");
    if (name === "connection") {
      for (const token of value.split(",")) {
        const t = token.trim().toLowerCase();
        if (!t || t === "keep-alive" || t === "close") continue;
        named ??= new Set();
        named.add(t);
      }
      continue;
    }
    if (HOP_BY_HOP.has(name) || drop.has(name)) continue;
    if (name === "content-length") length = Number(value);
    headers.push(name, value);
  }
  if (!named) return { headers, ...(length !== undefined ? { length } : {}) };
  const kept: string[] = [];
  for (let i = 0; i < headers.length; i += 2) {
    if (!named.has(headers[i] as string)) kept.push(headers[i] as string, headers[i + 1] as string);
  }
  return { headers: kept, ...(length !== undefined ? { length } : {}) };
}
