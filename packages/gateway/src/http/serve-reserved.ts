import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@portico/db";
import { listBackendJwks } from "../backend-jwt/backend-signing-key";
import type { Snapshot } from "../config/snapshot";
import { GatewayError } from "../errors";
import { GatewayMetrics, type MetricsSample } from "../observability/metrics";
import { LIVE, type Readiness } from "../observability/readiness";

/** What the reserved paths need from the runtime. */
export interface ReservedParts {
  db: Db;
  snapshot: Snapshot;
  metrics: GatewayMetrics;
  readiness: Readiness;
  /** whether the caller's address is on PORTICO_GATEWAY_METRICS_ALLOW */
  metricsAllowed: boolean;
  /** every cluster worker's numbers merged, when in a cluster */
  clusterMetrics?: (own: MetricsSample) => Promise<MetricsSample>;
}

/** `/_portico/health`, `/_portico/live`, `/_portico/ready`, `/_portico/metrics` and `/.well-known/jwks.json`. */
export async function serveReserved(
  parts: ReservedParts,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  common: Record<string, string>,
): Promise<number> {
  if (req.method !== "GET" && req.method !== "HEAD")
    throw new GatewayError(405, "method_not_allowed", "only GET is allowed here", { allow: "GET, HEAD" });
  let body: string;
  let type = "application/json";
  let status = 200;
  if (path === "/_portico/live" || path === "/_portico/ready") {
    const probe = path === "/_portico/live" ? LIVE : await parts.readiness.check(parts.snapshot?.loadedAt);
    status = probe.status;
    body = JSON.stringify(probe.body);
  } else if (path === "/_portico/health") {
    body = JSON.stringify({
      status: "UP",
      apis: parts.snapshot.apis.size,
      configurationLoadedAt: new Date(parts.snapshot.loadedAt).toISOString(),
    });
  } else if (path === "/_portico/metrics") {
    // API names and traffic are not for everyone who can reach the gateway.
    if (!parts.metricsAllowed)
      throw new GatewayError(
        403,
        "metrics_not_allowed",
        "the metrics are served only to the addresses PORTICO_GATEWAY_METRICS_ALLOW lists",
      );
    const own = parts.metrics.sample();
    const sample = parts.clusterMetrics ? await parts.clusterMetrics(own) : own;
    body = GatewayMetrics.render(sample);
    type = "text/plain; version=0.0.4";
  } else if (path === "/.well-known/jwks.json") {
    body = JSON.stringify(await listBackendJwks(parts.db));
    type = "application/jwk-set+json";
  } else {
    throw new GatewayError(404, "api_not_found", "nothing is served at this path");
  }
  res.writeHead(status, {
    ...common,
    "content-type": type,
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(req.method === "HEAD" ? undefined : body);
  return status;
}
