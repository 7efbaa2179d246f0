import type { IncomingMessage } from "node:http";
import type { RouteApi } from "../config/snapshot";
import type { Transport } from "../handle-request";
import { stripHopByHop } from "./hop-by-hop";

/**
 * The caller's headers as the backend gets them: hop-by-hop and `dropped` ones removed, the
 * caller's copy of the backend-JWT header dropped, Authorization only when the API forwards it,
 * plus X-Forwarded-For (appended), -Proto and -Host.
 */
export function backendRequestHeaders(
  req: IncomingMessage,
  api: RouteApi,
  transport: Transport,
  dropped: ReadonlySet<string>,
): Record<string, string | string[]> {
  const headers = stripHopByHop(req.headers, dropped);
  if (api.backendJwt.header !== "x-jwt-assertion") delete headers[api.backendJwt.header];
  if (api.forwardAuthorization && req.headers.authorization)
    headers.authorization = req.headers.authorization;
  const priorFor = req.headers["x-forwarded-for"];
  const remote = req.socket.remoteAddress ?? "";
  headers["x-forwarded-for"] = typeof priorFor === "string" && priorFor ? `${priorFor}, ${remote}` : remote;
  headers["x-forwarded-proto"] = transport;
  if (req.headers.host) headers["x-forwarded-host"] = req.headers.host;
  return headers;
}
