import type { Tier } from "../config/snapshot";
import { GatewayError } from "../errors";
import type { CounterStore } from "./counter-store";

export interface ThrottleTarget {
  /** what is counted: `sub:<id>`, `app:<id>`, `api:<id>`, `res:<id>` */
  key: string;
  tier?: Tier;
  /** who the limit is for, in the 429's description */
  label: string;
}

export interface ThrottleOutcome {
  /** RateLimit headers for the most constraining limit, set on success and on 429 */
  headers: Record<string, string>;
}

/**
 * Fixed-window counting per tier (requestCount per unitSeconds). Every applicable limit is
 * counted; a call over any of them gets 429 with Retry-After and the RateLimit headers
 * (draft-ietf-httpapi-ratelimit-headers) of the limit that refused it.
 */
export async function applyThrottling(store: CounterStore, targets: ThrottleTarget[], now: number): Promise<ThrottleOutcome> {
  const limited = targets.filter((t): t is ThrottleTarget & { tier: Tier & { requestCount: number } } => !!t.tier && !t.tier.unlimited && t.tier.requestCount !== null);
  if (limited.length === 0) return { headers: {} };
  const windows = limited.map((t) => {
    const windowMs = t.tier.unitSeconds * 1000;
    const window = Math.floor(now / windowMs);
    return { target: t, windowMs, resetMs: (window + 1) * windowMs - now, key: `${t.key}:${t.tier.id}:${window}` };
  });
  const counts = await store.hit(windows.map((w) => ({ key: w.key, ttlMs: w.windowMs + 1000 })));
  let tightest: { remaining: number; index: number } | undefined;
  let refused: number | undefined;
  windows.forEach((w, i) => {
    const count = counts[i] ?? 0;
    const remaining = w.target.tier.requestCount - count;
    if (remaining < 0 && refused === undefined) refused = i;
    if (!tightest || remaining < tightest.remaining) tightest = { remaining, index: i };
  });
  const pick = windows[refused ?? tightest?.index ?? 0];
  if (!pick) return { headers: {} };
  const resetSeconds = Math.max(1, Math.ceil(pick.resetMs / 1000));
  const remaining = Math.max(0, pick.target.tier.requestCount - (counts[refused ?? tightest?.index ?? 0] ?? 0));
  const headers = {
    "ratelimit-limit": String(pick.target.tier.requestCount),
    "ratelimit-remaining": String(remaining),
    "ratelimit-reset": String(resetSeconds),
    "ratelimit-policy": `${pick.target.tier.requestCount};w=${pick.target.tier.unitSeconds}`,
  };
  if (refused !== undefined) {
    throw new GatewayError(
      429,
      "throttled",
      `the ${pick.target.label} allows ${pick.target.tier.requestCount} requests per ${pick.target.tier.unitSeconds} s (${pick.target.tier.name}); try again in ${resetSeconds} s`,
      { ...headers, "retry-after": String(resetSeconds) },
    );
  }
  return { headers };
}
