import type { IncomingMessage } from "node:http";
import type { TLSSocket } from "node:tls";
import type { PolicyCall } from "@portico/api-policies";
import type { Caller } from "../auth/caller";
import type { RouteApi } from "../config/snapshot";
import type { GatewayRuntime } from "../gateway-runtime";

/** Whether the call carries a credential of any kind, whether or not the resource asked for one. */
function carriesCredential(req: IncomingMessage, api: RouteApi, caller: Caller | undefined): boolean {
  if (caller !== undefined) return true;
  const headers = req.headers;
  if (headers.authorization !== undefined || headers.dpop !== undefined) return true;
  const apiKey = api.security.apiKey;
  if (apiKey.enabled) {
    if (headers[apiKey.header.toLowerCase()] !== undefined) return true;
    if (apiKey.queryParameter && new URL(req.url ?? "/", "http://x").searchParams.has(apiKey.queryParameter))
      return true;
  }
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate === "function") {
    const certificate = socket.getPeerCertificate();
    if (certificate && Object.keys(certificate).length > 0) return true;
  }
  return false;
}

/** The call as response-phase steps see it; built only for routes that have such steps. */
export function policyCall(
  runtime: GatewayRuntime,
  parts: {
    req: IncomingMessage;
    api: RouteApi;
    caller: Caller | undefined;
    method: string;
    path: string;
    query: string;
    headers: Readonly<Record<string, string | string[]>>;
    now: number;
    requestId: string;
  },
): PolicyCall {
  const { caller } = parts;
  return {
    method: parts.method,
    path: parts.path,
    query: parts.query,
    headers: parts.headers,
    authenticated: carriesCredential(parts.req, parts.api, caller),
    principal:
      caller?.applicationId !== undefined
        ? `${caller.applicationId}:${caller.keyType}:${caller.subject}`
        : undefined,
    now: parts.now,
    warn: (message, fields) =>
      runtime.log("warn", message, undefined, { ...fields, requestId: parts.requestId }),
  };
}
