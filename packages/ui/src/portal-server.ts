// The portals' HTTP server: Next.js behind a small request boundary. Next 16 answers 500 (or
// throws) for request targets and methods it does not expect before any route code runs: `*`,
// absolute-form targets with a bad port, `TRACE`, malformed percent-escapes in a path. Those are
// the caller's errors, so they are answered here with a 4xx before Next sees them; anything that
// still escapes Next is logged under a correlation id and answered without internals.
//
//   tsx packages/ui/src/portal-server.ts --dir apps/publisher --port 3000 [--dev]
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";

/** Methods the portals serve (pages, route handlers, server actions, CORS preflight). */
export const PORTAL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
const ALLOWED = new Set<string>(PORTAL_METHODS);

/** Node's parser limits, stated: request heads over 16 KiB are 431, slow heads time out. */
export const PORTAL_LIMITS = {
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
  /** how long Ctrl-C / SIGTERM waits for requests in flight */
  drainMs: 10_000,
};

export interface Refusal {
  status: 400 | 405;
  code: "BAD_REQUEST" | "METHOD_NOT_ALLOWED";
  message: string;
  headers?: Record<string, string>;
}

/** Why a request must not reach Next, or null when it may. */
export function refuseRequest(method: string | undefined, target: string | undefined): Refusal | null {
  if (!method || !ALLOWED.has(method))
    return {
      status: 405,
      code: "METHOD_NOT_ALLOWED",
      message: `${method ?? "this method"} is not served here`,
      headers: { allow: PORTAL_METHODS.join(", ") },
    };
  if (!target?.startsWith("/") || target.startsWith("//"))
    return { status: 400, code: "BAD_REQUEST", message: "the request target must be a path" };
  try {
    new URL(target, "http://portal.invalid");
  } catch {
    return { status: 400, code: "BAD_REQUEST", message: "the request target is not a URL" };
  }
  const q = target.indexOf("?");
  for (const segment of (q === -1 ? target : target.slice(0, q)).split("/")) {
    if (!segment.includes("%")) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return { status: 400, code: "BAD_REQUEST", message: "the path has malformed percent-encoding" };
    }
  }
  return null;
}

function answer(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Answers on a raw socket what Node's parser refused, or a CONNECT (never served). */
function answerOnSocket(socket: Socket, status: 400 | 405 | 431, reason: string, extra = ""): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ code: reason.toUpperCase().replace(/ /g, "_"), message: reason });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export type Log = (line: string) => void;
const defaultLog: Log = (line) => process.stderr.write(`${line}\n`);

/**
 * An HTTP server that hands `handle` (Next's request handler) only requests it can serve.
 *
 * @example
 * const server = createPortalServer(app.getRequestHandler());
 * server.listen(3000);
 */
export type UpgradeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
) => Promise<unknown> | unknown;

/**
 * `/_portico/live` answers here (the process serves); `/_portico/ready` is 503 while draining and
 * otherwise is answered by the app's own health route (a database round trip), so readiness means
 * what the app can do, not just that this wrapper runs.
 */
export interface PortalProbes {
  /** the app's route that checks its database (the portals' `/api/health`) */
  readinessPath: string;
  isDraining(): boolean;
}
const DEFAULT_PROBES: PortalProbes = { readinessPath: "/api/health", isDraining: () => false };

/** Answers the liveness probe, or the readiness probe while draining; otherwise points a readiness probe at the app's health route. */
function probe(req: IncomingMessage, res: ServerResponse, probes: PortalProbes): boolean {
  const target = (req.url ?? "").split("?")[0];
  if (target !== "/_portico/live" && target !== "/_portico/ready") return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    req.resume();
    answer(
      res,
      405,
      { code: "METHOD_NOT_ALLOWED", message: `${req.method} is not served here` },
      { allow: "GET, HEAD" },
    );
    return true;
  }
  if (target === "/_portico/live") answer(res, 200, { status: "UP" });
  else if (probes.isDraining()) answer(res, 503, { status: "DRAINING" });
  else {
    req.url = probes.readinessPath;
    return false;
  }
  return true;
}

export function createPortalServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown> | unknown,
  log: Log = defaultLog,
  /** Next's upgrade handler (dev mode's live reload), behind the same checks */
  upgrade?: () => UpgradeHandler | undefined,
  probes: PortalProbes = DEFAULT_PROBES,
): Server {
  const server = createServer(
    {
      maxHeaderSize: PORTAL_LIMITS.maxHeaderBytes,
      headersTimeout: PORTAL_LIMITS.headersTimeoutMs,
      requestTimeout: PORTAL_LIMITS.requestTimeoutMs,
    },
    (req, res) => {
      if (probe(req, res, probes)) return;
      const refusal = refuseRequest(req.method, req.url);
      if (refusal) {
        req.resume();
        answer(res, refusal.status, { code: refusal.code, message: refusal.message }, refusal.headers);
        return;
      }
      Promise.resolve()
        .then(() => handle(req, res))
        .catch((error: unknown) => {
          const reference = randomBytes(8).toString("hex");
          log(
            `portal: ${req.method} ${(req.url ?? "").split("?")[0]}: reference ${reference}: ${error instanceof Error ? `${error.name}: ${error.message}` : typeof error}`,
          );
          if (res.headersSent) res.destroy();
          else
            answer(res, 500, {
              code: "INTERNAL",
              message: `something went wrong on our side (reference ${reference})`,
            });
        });
    },
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "HPE_HEADER_OVERFLOW") answerOnSocket(socket, 431, "Request Header Fields Too Large");
    else if (error.code === "ECONNRESET" || error.code === "ERR_HTTP_REQUEST_TIMEOUT") socket.destroy();
    else answerOnSocket(socket, 400, "Bad Request");
  });
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refusal = refuseRequest(req.method, req.url);
    const handler = upgrade?.();
    if (refusal?.status === 405) {
      answerOnSocket(socket, 405, "Method Not Allowed", `Allow: ${PORTAL_METHODS.join(", ")}\r\n`);
      return;
    }
    // no upgrade is served in production (only dev mode's live reload asks for one)
    if (refusal || !handler) {
      answerOnSocket(socket, 400, "Bad Request");
      return;
    }
    Promise.resolve()
      .then(() => handler(req, socket, head))
      .catch(() => socket.destroy());
  });
  // CONNECT is never served; without a listener Node just drops the connection.
  server.on("connect", (_req: IncomingMessage, socket: Socket) =>
    answerOnSocket(socket, 405, "Method Not Allowed", `Allow: ${PORTAL_METHODS.join(", ")}\r\n`),
  );
  return server;
}

/** What the portal server needs of a Next app (its tests give it a stand-in). */
export interface PortalApp {
  prepare(): Promise<void>;
  getRequestHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<unknown> | unknown;
}
export type CreatePortalApp = (options: {
  httpServer: Server;
  dev: boolean;
  dir: string;
  port: number;
  hostname?: string;
}) => PortalApp;

const createNextApp = async (): Promise<CreatePortalApp> => (await import("next")).default as CreatePortalApp;

/**
 * Starts a portal: Next (production build, or dev mode) behind the boundary. SIGTERM and SIGINT
 * stop accepting connections, let requests in flight finish (up to `drainMs`), then exit.
 */
export async function servePortal(
  options: { dir: string; port: number; hostname?: string; dev?: boolean },
  createApp?: CreatePortalApp,
) {
  Object.assign(process.env, { NODE_ENV: options.dev ? "development" : "production" });
  const next = createApp ?? (await createNextApp());
  // Next registers its upgrade handler on the server it is given; it gets this stand-in, so
  // upgrades pass the boundary's checks too.
  let nextUpgrade: UpgradeHandler | undefined;
  const upgradeSink = {
    on(event: string, handler: UpgradeHandler) {
      if (event === "upgrade") nextUpgrade = handler;
      return upgradeSink;
    },
  };
  const app = next({
    httpServer: upgradeSink as unknown as Server,
    dev: options.dev ?? false,
    dir: options.dir,
    port: options.port,
    ...(options.hostname ? { hostname: options.hostname } : {}),
  });
  await app.prepare();
  let stopping = false;
  const server = createPortalServer(app.getRequestHandler(), defaultLog, () => nextUpgrade, {
    readinessPath: "/api/health",
    isDraining: () => stopping,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve());
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    // A keep-alive connection whose request finishes during the drain would otherwise hold the
    // exit until its keep-alive timeout: answers now say Connection: close, and connections
    // left idle are closed as soon as they are.
    server.on("request", (_req: IncomingMessage, res: ServerResponse) =>
      res.setHeader("connection", "close"),
    );
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 100).unref();
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, PORTAL_LIMITS.drainMs).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return server;
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = argument("--dir");
  const port = Number(argument("--port"));
  if (!dir || !Number.isInteger(port)) {
    process.stderr.write("usage: portal-server --dir <app folder> --port <port> [--dev]\n");
    process.exit(2);
  }
  await servePortal({ dir: path.resolve(dir), port, dev: process.argv.includes("--dev") });
  process.stdout.write(`portal listening on http://localhost:${port}\n`);
}
