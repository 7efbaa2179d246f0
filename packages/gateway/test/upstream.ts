import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Upstream {
  url: string;
  seen: SeenRequest[];
  /** replaces the default echo answer */
  respond?: (req: SeenRequest, res: import("node:http").ServerResponse) => void;
  close(): Promise<void>;
}

/** A real backend on port 0 that records what reached it and echoes it back as JSON. */
export async function startUpstream(): Promise<Upstream> {
  const upstream: Upstream = { url: "", seen: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      upstream.seen.push(seen);
      if (upstream.respond) return upstream.respond(seen, res);
      const body = JSON.stringify({ method: seen.method, url: seen.url });
      res.writeHead(200, {
        "content-type": "application/json",
        "x-upstream": "yes",
        connection: "keep-alive, x-secret-hop",
        "x-secret-hop": "1",
        server: "backend/9.9",
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}
