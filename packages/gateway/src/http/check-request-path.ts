import { GatewayError } from "../errors";

export interface RequestTarget {
  /** the raw path, exactly as sent (still percent-encoded); forwarded to the backend as is */
  path: string;
  /** "?..." or "" */
  query: string;
}

const ENCODED_SEPARATOR_OR_DOT = /%(2e|2f|5c|00|25)/i;

function badPath(description: string): GatewayError {
  return new GatewayError(400, "bad_path", description);
}

/**
 * Refuses request targets a backend could read differently from the gateway: dot segments
 * (plain or percent-encoded), encoded slashes and backslashes, double encoding, NUL and control
 * characters. The gateway matches and forwards the raw path, so what it checked is what the
 * backend gets.
 */
export function checkRequestPath(url: string | undefined): RequestTarget {
  if (url?.[0] !== "/") throw badPath("the request target must be an absolute path");
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? "" : url.slice(q);
  // Control characters, backslashes and fragments have no place in a path.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (/[\x00-\x20\x7f\\#]/.test(path)) throw badPath("the path contains characters that are not allowed");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (/[\x00-\x1f\x7f]/.test(query)) throw badPath("the query contains characters that are not allowed");
  if (path.startsWith("//")) throw badPath("the path must not start with //");
  for (const segment of path.split("/")) {
    if (segment === "." || segment === "..") throw badPath("the path must not contain . or .. segments");
    if (segment.includes("%")) {
      if (ENCODED_SEPARATOR_OR_DOT.test(segment))
        throw badPath("the path must not contain encoded dots, slashes, backslashes or percent signs");
      try {
        decodeURIComponent(segment);
      } catch {
        throw badPath("the path has malformed percent-encoding");
      }
    }
  }
  return { path, query };
}
