export interface ProxyLimits {
  /** request bodies larger than this are refused with 413 */
  maxBodyBytes: number;
  /** backend answers larger than this are refused (502) or cut off when already under way */
  maxResponseBytes: number;
  /** time to the backend's response headers */
  headersTimeoutMs: number;
  /** idle time between body chunks */
  bodyTimeoutMs: number;
  connectTimeoutMs: number;
  /** after an endpoint could not be reached, the API's other endpoints are tried first this long */
  failoverSuspendMs: number;
  /**
   * request bodies up to this size are held in memory when an API has failover endpoints, so
   * that the next endpoint can be sent them too; larger or unsized ones go to one endpoint only
   */
  failoverBufferBytes: number;
}

export const DEFAULT_PROXY_LIMITS: ProxyLimits = {
  maxBodyBytes: 10 * 1024 * 1024,
  maxResponseBytes: 64 * 1024 * 1024,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 30_000,
  connectTimeoutMs: 5_000,
  failoverSuspendMs: 30_000,
  failoverBufferBytes: 1024 * 1024,
};
