// The request target as a URL, or null when it is not one we serve. Only origin-form targets
// (`/path?query`, RFC 9112 3.2.1) and absolute-form ones (3.2.2) name a resource here; `*`
// (asterisk-form) and anything the URL parser refuses are the caller's error. An origin-form
// target is always read as a path on our own origin: `//host/...` must not become a host.

/** Parses `target` against our origin; null for a target that names nothing we serve. */
export function parseRequestTarget(target: string | undefined, origin: string): URL | null {
  if (!target) return null;
  try {
    if (target.startsWith("/")) return new URL(`${origin}${target}`);
    if (/^https?:\/\//i.test(target)) return new URL(target);
  } catch {
    // malformed: unparsable host, port out of range, bad escapes in the authority
  }
  return null;
}
