// The demo's backend: a small pizza shop API that the seeded "PizzaShack" API points at.
// It shows what reached it: the end user's identity from the gateway's backend JWT.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const menu = [
  { id: "margherita", name: "Margherita", price: 9.5 },
  { id: "funghi", name: "Funghi", price: 11 },
  { id: "diavola", name: "Diavola", price: 12.5 },
];

const MAX_DELAY_MS = 10_000;

interface Order {
  id: string;
  pizza: string;
  quantity: number;
  placedBy: string | null;
  at: string;
}

/** The backend JWT's claims, decoded without verification: the sample only displays them. */
function callerFrom(req: IncomingMessage): Record<string, unknown> | null {
  const header = req.headers["x-jwt-assertion"];
  const jwt = Array.isArray(header) ? header[0] : header;
  const payload = jwt?.split(".")[1];
  if (!payload) return null;
  try {
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage, limit = 64 * 1024): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
}

export interface SampleBackend {
  url: string;
  close(): Promise<void>;
}

/** Starts the sample backend on `port` (0 for any free port). */
export async function startSampleBackend(options: { port: number; host?: string }): Promise<SampleBackend> {
  const orders = new Map<string, Order>();
  let closing = false;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://backend");
    // probes for an orchestrator: live while it answers, ready until it starts to stop
    if (url.pathname === "/_portico/live") return send(res, 200, { status: "UP" });
    if (url.pathname === "/_portico/ready")
      return closing ? send(res, 503, { status: "DRAINING" }) : send(res, 200, { status: "READY" });
    const path = url.pathname.replace(/^\/pizzashack/, "");
    const caller = callerFrom(req);
    try {
      if (req.method === "GET" && path === "/menu") {
        // ?delay=<ms> (at most 10 s) answers late, to try timeouts and a stop that drains
        const delay = Math.min(MAX_DELAY_MS, Math.max(0, Number(url.searchParams.get("delay")) || 0));
        if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
        return send(res, 200, menu);
      }
      if (req.method === "POST" && path === "/orders") {
        const body = (await readJson(req)) as { pizza?: unknown; quantity?: unknown };
        const pizza = menu.find((p) => p.id === body.pizza);
        if (!pizza) return send(res, 400, { error: "unknown pizza", choices: menu.map((p) => p.id) });
        const order: Order = {
          id: randomUUID(),
          pizza: pizza.id,
          quantity: Number.isInteger(body.quantity) ? Number(body.quantity) : 1,
          placedBy: typeof caller?.sub === "string" ? caller.sub : null,
          at: new Date().toISOString(),
        };
        orders.set(order.id, order);
        return send(res, 201, order);
      }
      const match = /^\/orders\/([^/]+)$/.exec(path);
      if (req.method === "GET" && match) {
        const order = orders.get(decodeURIComponent(match[1] ?? ""));
        return order ? send(res, 200, order) : send(res, 404, { error: "no such order" });
      }
      if (path === "/echo") {
        return send(res, 200, {
          method: req.method,
          path: url.pathname,
          query: url.search,
          headers: req.headers,
          caller,
        });
      }
      return send(res, 404, { error: "not found" });
    } catch (error) {
      return send(res, 400, { error: (error as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${port}`,
    close: () => {
      closing = true;
      // Requests in flight finish; keep-alive connections (the gateway's pool) close as soon as
      // they are idle instead of holding the stop for their timeout.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.on("request", (_req: IncomingMessage, res: ServerResponse) =>
        res.setHeader("connection", "close"),
      );
      server.closeIdleConnections();
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      return closed.finally(() => clearInterval(idle));
    },
  };
}
