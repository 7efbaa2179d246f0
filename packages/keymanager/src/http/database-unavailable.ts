import { OAuthError } from "../errors";

// What the PostgreSQL driver (through Prisma's adapter) and SQLite say when the database cannot
// be reached or is restarting: connection refused or cut, the server shutting down or starting.
const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "P1001", // Prisma: can't reach database server
  "P1017", // Prisma: server closed the connection
  "SQLITE_BUSY",
]);
const KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const MESSAGES =
  /Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|Can't reach database server|Client has encountered a connection error/i;

/** Whether `error` (or one of its causes) says the database is unreachable rather than the request wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    const candidate = e as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && CODES.has(candidate.code)) return true;
    if (typeof candidate.kind === "string" && KINDS.has(candidate.kind)) return true;
    if (typeof candidate.message === "string" && MESSAGES.test(candidate.message)) return true;
    e = candidate.cause;
  }
  return false;
}

/**
 * RFC 6749 5.2 `temporarily_unavailable`, 503 with Retry-After: the database is down for a moment
 * (a restart, a failover). Callers retry; nothing about the request was wrong.
 */
export function databaseUnavailable(cause: unknown): OAuthError {
  const error = new OAuthError(
    "temporarily_unavailable",
    "the authorization server's database cannot be reached; retry shortly",
    503,
    { cause },
  );
  error.headers["Retry-After"] = "1";
  return error;
}
