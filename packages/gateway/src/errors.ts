import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { PolicyErrorCode } from "@portico/api-policies";
import { bearerChallenge } from "@portico/tokens";

/** Stable error codes the gateway answers with; callers and tests switch on them. */
export type GatewayErrorCode =
  | "bad_request"
  | "bad_path"
  | "api_not_found"
  | "resource_not_found"
  | "method_not_allowed"
  | "transport_not_allowed"
  | "metrics_not_allowed"
  | "api_blocked"
  | "missing_token"
  | "invalid_token"
  | "token_expired"
  | "token_revoked"
  | "invalid_dpop_proof"
  | "invalid_api_key"
  | "client_certificate_required"
  | "not_subscribed"
  | "subscription_blocked"
  | "subscription_on_hold"
  | "application_blocked"
  | "insufficient_scope"
  | "policy_denied"
  | "access_denied_by_policy"
  | "throttled"
  | "payload_too_large"
  | "no_backend"
  | "backend_unavailable"
  | "backend_error"
  | "backend_timeout"
  | "backend_not_allowed"
  | "server_error"
  | PolicyErrorCode;

/**
 * A refusal or failure the caller sees as `{code, message, description}`. `message` is the short
 * reason phrase, `description` says what was wrong in the caller's terms, never internals.
 */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: GatewayErrorCode,
    readonly description: string,
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown },
  ) {
    super(description, options);
    this.name = "GatewayError";
  }
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

const REALM = "portico";

/** RFC 6750 section 3: the gateway's Bearer challenge for 401 and 403. */
export function gatewayChallenge(error?: string, description?: string, scope?: string): string {
  return bearerChallenge({ realm: REALM, error, error_description: description, scope });
}

/** 401 refusals: the token is missing or unusable (RFC 6750 `invalid_token`). */
export function unauthorized(code: GatewayErrorCode, description: string): GatewayError {
  const challenge =
    code === "missing_token" ? gatewayChallenge() : gatewayChallenge("invalid_token", description);
  return new GatewayError(401, code, description, { "www-authenticate": challenge });
}

/** 403 refusals carry a challenge too, as the public contract requires. */
export function forbidden(
  code: GatewayErrorCode,
  description: string,
  challenge = gatewayChallenge(),
): GatewayError {
  return new GatewayError(403, code, description, { "www-authenticate": challenge });
}

/** Writes the one JSON error shape; anything unexpected becomes a 500 without details. */
export function sendError(
  res: ServerResponse,
  error: unknown,
  extraHeaders: Record<string, string> = {},
): GatewayError {
  // an unexpected failure is named to the caller only by a correlation id, which the log carries
  const known =
    error instanceof GatewayError
      ? error
      : new GatewayError(
          500,
          "server_error",
          `the gateway could not handle the request (reference ${randomBytes(8).toString("hex")})`,
          {},
          { cause: error },
        );
  if (res.headersSent) {
    res.destroy();
    return known;
  }
  const body = JSON.stringify({
    code: known.code,
    message: REASONS[known.status] ?? "Error",
    description: known.description,
  });
  res.writeHead(known.status, {
    ...extraHeaders,
    ...known.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
  return known;
}
