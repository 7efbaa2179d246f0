// RFC 6749 3.1.2 and RFC 9700 4.1.3: redirect URIs match exactly, except native apps' loopback
// redirects, where any port matches (RFC 8252 7.3).
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

function loopbackEqual(registered: string, presented: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(registered);
    b = new URL(presented);
  } catch {
    return false;
  }
  return (
    a.protocol === "http:" &&
    b.protocol === "http:" &&
    LOOPBACK.has(a.hostname) &&
    a.hostname === b.hostname &&
    a.pathname === b.pathname &&
    a.search === b.search &&
    b.hash === "" &&
    b.username === "" &&
    b.password === ""
  );
}

/** Whether `presented` is one of the client's registered redirect URIs. */
export function redirectUriMatches(registered: string[], presented: string): boolean {
  return registered.some((uri) => uri === presented || loopbackEqual(uri, presented));
}
