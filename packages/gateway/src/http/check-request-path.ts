import { GatewayError } from "../errors";

export interface RequestTarget {
  /**
   * the path in canonical form (see checkRequestPath): what resources are matched against and
   * exactly what the backend is sent
   */
  path: string;
  /** "?..." or "" */
  query: string;
}

/**
 * Anything but the characters a canonical path holds literally, plus `//` and `/.`: such paths
 * take the slow path. Unreserved characters, the sub-delimiters other than `;`, `:` and `@` (RFC
 * 3986 `pchar` without `;`) and `/`.
 */
const NOT_PLAIN = /[^A-Za-z0-9\-._~!$&'()*+,=:@/]|\/[/.]/;

/** Bytes whose escapes are decoded: the literal characters of a canonical path, `/` aside. */
const LITERAL = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=:@")
  LITERAL[c.charCodeAt(0)] = 1;

const HEX = "0123456789ABCDEF";

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function badPath(description: string): GatewayError {
  return new GatewayError(400, "bad_path", description);
}

/**
 * Checks the request target and returns its path in canonical form, so that one resource has one
 * spelling: what the gateway authorizes is what the backend receives, however the backend
 * decodes it.
 *
 * - Escapes of the characters a path holds literally (unreserved, `!$&'()*+,=:@`) are decoded:
 *   `/orders/expor%74` is `/orders/export`.
 * - Other escapes stay, with upper-case hex (`%c3%a9` is `%C3%A9`), and the characters a path
 *   may not hold literally that Node's parser lets through (`"<>[]^\`{|}`) are encoded.
 * - Runs of `/` inside the path are one `/` (as nginx merges them), so `/a//b` cannot slip past
 *   a template that `/a/b` matches.
 * - Refused with 400 `bad_path`: `.` and `..` segments (plain or encoded), encoded `/`, `\` and
 *   `%` (double encoding), NUL, backslashes, control characters, malformed escapes, a leading
 *   `//`, and `;` in any form: matrix parameters, which some backends strip before routing
 *   (`/orders/export;x` would be `/orders/export` to them and `{id}` to the gateway).
 * - Case is kept and matters (paths are case-sensitive, RFC 3986 section 6.2.2.1).
 *
 * Paths of plain characters (the usual case) are returned as they are after one regular
 * expression test.
 */
export function checkRequestPath(url: string | undefined): RequestTarget {
  if (url?.[0] !== "/") throw badPath("the request target must be an absolute path");
  const q = url.indexOf("?");
  const raw = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? "" : url.slice(q);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (query !== "" && /[\x00-\x1f\x7f]/.test(query))
    throw badPath("the query contains characters that are not allowed");
  return { path: NOT_PLAIN.test(raw) ? canonicalPath(raw) : raw, query };
}

/** The slow path: escapes, characters to encode, repeated slashes, dot segments. */
function canonicalPath(raw: string): string {
  if (raw.startsWith("//")) throw badPath("the path must not start with //");
  let out = "";
  let escaped = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x25) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi === -1 || lo === -1) throw badPath("the path has malformed percent-encoding");
      i += 2;
      const byte = hi * 16 + lo;
      if (byte === 0x2f || byte === 0x5c || byte === 0x25 || byte === 0x00)
        throw badPath("the path must not contain encoded slashes, backslashes, percent signs or NUL");
      if (byte === 0x3b) throw matrixParameters();
      if (byte < 128 && LITERAL[byte] === 1) out += String.fromCharCode(byte);
      else {
        out += `%${HEX[hi]}${HEX[lo]}`;
        escaped = true;
      }
      continue;
    }
    if (code <= 0x20 || code >= 0x7f || code === 0x5c || code === 0x23)
      throw badPath("the path contains characters that are not allowed");
    if (code === 0x3b) throw matrixParameters();
    if (code === 0x2f) {
      if (!out.endsWith("/")) out += "/";
      continue;
    }
    if (LITERAL[code] === 1) out += raw[i];
    else {
      out += `%${HEX[code >> 4]}${HEX[code & 15]}`;
      escaped = true;
    }
  }
  if (out.includes("/.")) {
    for (const segment of out.split("/"))
      if (segment === "." || segment === "..") throw badPath("the path must not contain . or .. segments");
  }
  if (escaped) {
    // Escapes of bytes that are not UTF-8 would fail the backend's decoding, not the gateway's.
    try {
      decodeURIComponent(out);
    } catch {
      throw badPath("the path has malformed percent-encoding");
    }
  }
  return out;
}

function matrixParameters(): GatewayError {
  return badPath("the path must not contain ; (matrix parameters are not accepted)");
}
