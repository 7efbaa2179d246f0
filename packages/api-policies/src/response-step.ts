/**
 * What a response-phase step sees of a call. Built only for routes that carry response steps, once
 * per call, after authentication, the request-phase policies and throttling.
 */
export interface PolicyCall {
  readonly method: string;
  /** the path after the API's context and version, e.g. `/orders/7` */
  readonly path: string;
  /** the query string sent to the backend, with its leading `?`, or `""` */
  readonly query: string;
  /** the request headers as sent to the backend (lower-case names) */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /**
   * Whether the caller presented a credential (a token in `Authorization` or `DPoP`, an API key,
   * a client certificate), whether or not the resource needed one.
   */
  readonly authenticated: boolean;
  /** who is calling, when a credential identified them: `<application id>:<key type>:<subject>` */
  readonly principal: string | undefined;
  /** epoch milliseconds (the gateway's clock) */
  readonly now: number;
  /** a structured warning in the gateway's log; never pass values from the body */
  warn(message: string, fields: Readonly<Record<string, string | number>>): void;
}

/** The backend's answer as a response step sees it, before the caller gets it. */
export interface PolicyResponse {
  readonly status: number;
  /** the backend's headers (lower-case names, hop-by-hop ones already gone); steps may edit them */
  readonly headers: Record<string, string | string[]>;
}

/** An answer a step gives in place of the backend's (a cached one). */
export interface StoredResponse {
  readonly status: number;
  /** flat `[name, value, …]`, as `writeHead` takes it */
  readonly headers: readonly string[];
  readonly body: Buffer;
}

/** How a call that a response step let through ended. */
export type CallOutcome =
  /** the backend answered with this status */
  | { readonly status: number }
  /** no answer: `timeout` (connect, headers or body), `unreachable`, `error` (anything else on the
   * backend's side), `not_sent` when a later step answered instead of the backend, or `caller`
   * when the caller's side ended it (the caller went away, its body was refused): no sign of the
   * backend's health */
  | { readonly failure: "timeout" | "unreachable" | "error" | "not_sent" | "caller" };

/**
 * A compiled response-phase policy. Every hook is optional and synchronous; none does I/O.
 * `before` runs just before the call is proxied; when it returns normally, `end` runs exactly once
 * when the call is over, whatever happened.
 */
export interface ResponseStep {
  /**
   * The largest body `body` wants, in bytes; 0 (or absent) for none. The gateway then holds the
   * answer (up to the largest such limit of the route's steps) before sending it, and calls
   * `body` only when the whole answer fit.
   */
  readonly bodyLimit?: number;
  /** Refuse the call (throw a `PolicyRejection`), or answer it from a store; undefined lets it through. */
  before?(call: PolicyCall): StoredResponse | undefined;
  /** The backend's status and headers, before the caller gets them: headers may be edited. */
  head?(call: PolicyCall, response: PolicyResponse): void;
  /** The whole body (within `bodyLimit`), before the caller gets it; it cannot be changed. */
  body?(call: PolicyCall, response: PolicyResponse, body: Buffer): void;
  /** How the call ended; always called once after `before` let it through. */
  end?(call: PolicyCall, outcome: CallOutcome): void;
}
