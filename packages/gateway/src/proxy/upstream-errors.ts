import { errors } from "undici";
import { GatewayError } from "../errors";
import { EgressRefused } from "./backend-egress";

export class BodyTooLarge extends Error {}

export class ResponseTooLarge extends Error {}

/** connection failures that mean the endpoint was never reached, so nothing was sent to it */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN", "ENETUNREACH"]);

function unreachable(error: unknown): boolean {
  return (
    error instanceof errors.ConnectTimeoutError ||
    UNREACHABLE.has((error as { code?: string } | undefined)?.code ?? "")
  );
}

/** TLS handshake failures: an untrusted, expired or misnamed certificate, a protocol mismatch. */
function tlsFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^ERR_(TLS|SSL)_|CERT|UNABLE_TO_/.test(code);
}

/** Nothing of the call reached the endpoint: another endpoint may be sent it. */
export function neverSent(error: unknown): boolean {
  return unreachable(error) || tlsFailure(error) || error instanceof EgressRefused;
}

/** Maps undici's failures to what the caller sees: refused/unreachable 503, timeouts 504, the rest 502. */
export function upstreamError(error: unknown): GatewayError {
  const failed = (
    status: number,
    code: "backend_error" | "backend_timeout" | "backend_unavailable" | "backend_not_allowed",
    why: string,
  ) => new GatewayError(status, code, why, {}, { cause: error });
  if (error instanceof BodyTooLarge || (error instanceof Error && error.cause instanceof BodyTooLarge)) {
    return new GatewayError(413, "payload_too_large", "the request body is larger than the gateway accepts");
  }
  if (error instanceof EgressRefused)
    return failed(
      502,
      "backend_not_allowed",
      `the gateway does not call this API's backend: its address is ${error.refusal.code.replace("_", "-")} (PORTICO_BACKEND_ALLOW)`,
    );
  if (error instanceof ResponseTooLarge)
    return failed(502, "backend_error", "the backend's answer is larger than the gateway passes on");
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  )
    return failed(504, "backend_timeout", "the backend did not answer in time");
  if (tlsFailure(error))
    return failed(502, "backend_error", "the gateway could not verify the backend's identity (TLS)");
  if (unreachable(error)) return failed(503, "backend_unavailable", "the backend is unavailable");
  return failed(502, "backend_error", "the backend's answer could not be used");
}
