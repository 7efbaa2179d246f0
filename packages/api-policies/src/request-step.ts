/**
 * What a request-phase step sees and may change: the call as it will be sent to the backend.
 * The gateway builds it only for routes that carry steps, so an API without attached policies
 * never pays for it.
 */
export interface PolicyRequest {
  readonly method: string;
  /** the path after the API's context and version, e.g. `/orders/7` */
  readonly path: string;
  /** the query string with its leading `?`, or `""`; a step may replace it */
  query: string;
  /** headers for the backend (lower-case names), already stripped of hop-by-hop ones; steps edit them in place */
  readonly headers: Record<string, string | string[]>;
  /** the caller's access-token claims; empty for resources open without a token */
  readonly claims: Readonly<Record<string, unknown>>;
  /** the caller's address (trusted proxies' `X-Forwarded-For` applied) */
  readonly clientIp: string;
  /**
   * The whole request body, read (within the gateway's body limit) only when a policy on the
   * route declares `readsBody`; undefined otherwise. Empty when the call has none.
   */
  readonly body: Buffer | undefined;
  /** limits to count this call against (rate-limit policies add theirs); the gateway counts them */
  readonly limits: PolicyLimit[];
  /** how long the backend may take to answer (headers, then between body chunks); the gateway's limit when unset */
  responseTimeoutMs: number | undefined;
  /** how long connecting to the backend may take; the gateway's limit when unset */
  connectTimeoutMs?: number | undefined;
}

/** A limit a policy asks the gateway to count against, in the same step as the tiers'. */
export interface PolicyLimit {
  /** what is counted, unique to the attachment: e.g. `<attachment id>:ip:203.0.113.9` */
  readonly key: string;
  /** built once per snapshot; `id` names the limit in counter keys, `name` in the 429 */
  readonly tier: {
    readonly id: string;
    readonly name: string;
    readonly requestCount: number;
    readonly unitSeconds: number;
    readonly unlimited: false;
  };
}

/** A compiled request-phase policy. It edits the request, or throws a `PolicyRejection`. */
export type RequestStep = (request: PolicyRequest) => void;

/** The error codes policies answer with (stable: callers switch on them). */
export type PolicyErrorCode =
  | "invalid_request"
  | "request_too_complex"
  | "ip_denied"
  | "policy_unavailable"
  | "circuit_open";

/** A call a policy refuses: the gateway answers `status` with `{code, message, description}`. */
export class PolicyRejection extends Error {
  constructor(
    readonly status: number,
    readonly code: PolicyErrorCode,
    readonly description: string,
    /** headers of the refusal (e.g. `retry-after`), lower-case names */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(description);
    this.name = "PolicyRejection";
  }
}
