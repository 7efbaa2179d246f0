import type { CompileContext } from "../define-policy";
import type { PolicyLimit, PolicyRequest, RequestStep } from "../request-step";
import type { RateLimitConfig } from "./schema";

/** Callers without the header or claim share one counter, so leaving it out gains nothing. */
const ABSENT = "-";

function keyReader(key: string): (request: PolicyRequest) => string {
  if (key === "ip") return (request) => request.clientIp;
  if (key.startsWith("header:")) {
    const name = key.slice("header:".length).toLowerCase();
    return (request) => {
      const value = request.headers[name];
      return (Array.isArray(value) ? value[0] : value) ?? ABSENT;
    };
  }
  const claim = key.slice("claim:".length);
  return (request) => {
    const value = request.claims[claim];
    return typeof value === "string" || typeof value === "number" ? String(value) : ABSENT;
  };
}

/**
 * Adds one limit per call; the gateway counts it with the tiers, in the same store (Redis, the
 * cluster primary or the process), and answers 429 with RateLimit headers when it is spent.
 */
export function compileRateLimit(config: RateLimitConfig, context: CompileContext): RequestStep {
  const read = keyReader(config.key);
  const prefix = `pol:${context.id}:`;
  const tier: PolicyLimit["tier"] = {
    id: `${context.id}:${config.requestCount}/${config.unitSeconds}`,
    name: `rate limit by ${config.key}`,
    requestCount: config.requestCount,
    unitSeconds: config.unitSeconds,
    unlimited: false,
  };
  return (request) => {
    // bounded: a header value cannot make a counter key of unbounded size
    request.limits.push({ key: prefix + read(request).slice(0, 200), tier });
  };
}
