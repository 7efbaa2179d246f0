import type { IncomingMessage } from "node:http";
import type { RouteApi } from "../config/snapshot";
import type { Transport } from "../handle-request";
import { stripHopByHop } from "./hop-by-hop";

/** Request headers the backend never gets from the caller. */
export const DROPPED_ALLOWING_OVERRIDE: ReadonlySet<string> = new Set([
  "host",
  "authorization",
  "x-jwt-assertion",
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "forwarded",
  // the gateway itself answers `Expect: 100-continue` (Node sends 100 Continue before the
  // body is read); forwarded, undici refuses the call outright
  "expect",
  // Path overrides (Symfony, Zend, IIS rewrite): the backend would serve a path the gateway
  // never authorized.
  "x-original-url",
  "x-rewrite-url",
]);
// Method overrides: a backend that honours them would run a method the gateway never
// authorized (a GET scope reaching DELETE), so they reach it only when the API says so.
export const DROPPED: ReadonlySet<string> = new Set([
  ...DROPPED_ALLOWING_OVERRIDE,
  "x-http-method-override",
  "x-http-method",
  "x-method-override",
]);

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
