// Cookie header parsing (RFC 6265 5.4). A value that does not decode is treated as absent, as a
// browser with no such cookie: it came from someone other than us, since we encode what we set.

/** The decoded value of cookie `name` in a Cookie header, or undefined (absent or malformed). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}
