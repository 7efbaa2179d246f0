import { randomUUID } from "node:crypto";

// A caller's id is kept only when it cannot smuggle anything into a log line or a header: 1-128
// characters of letters, digits and `-_.:` (UUIDs, ULIDs, W3C trace ids, nginx's $request_id).
const WELL_FORMED = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id of one request, carried in `X-Request-ID` across the gateway, the backend and the logs:
 * the caller's when it is well formed, a new UUID otherwise.
 *
 * @example
 * const id = requestIdOf(req.headers["x-request-id"]);
 */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === "string" && WELL_FORMED.test(header) ? header : randomUUID();
}
