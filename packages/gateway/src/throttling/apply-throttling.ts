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

interface Window {
  target: ThrottleTarget;
  tier: Tier;
  limit: number;
  unitSeconds: number;
  resetMs: number;
  key: string;
  ttlMs: number;
  /** a one-second spike limit rather than the tier's quota */
  burst: boolean;
}

/**
 * Counter keys of the current windows, per target: a call in the same window as the previous
 * one builds no new key string (and Map lookups on the old one need no re-hashing).
 */
interface KeyMemo {
  tierId: string;
  quota: { index: number; key: string } | undefined;
  burst: { index: number; key: string } | undefined;
}
const keyMemos = new Map<string, KeyMemo>();

function windowKey(target: ThrottleTarget, tier: Tier, burst: boolean, index: number): string {
  let memo = keyMemos.get(target.key);
  if (!memo || memo.tierId !== tier.id) {
    if (keyMemos.size >= 100_000) keyMemos.clear();
    memo = { tierId: tier.id, quota: undefined, burst: undefined };
    keyMemos.set(target.key, memo);
  }
  const slot = burst ? memo.burst : memo.quota;
  if (slot?.index === index) return slot.key;
  const key = `${target.key}:${tier.id}:${burst ? "b" : "q"}:${index}`;
  if (burst) memo.burst = { index, key };
  else memo.quota = { index, key };
  return key;
}

function addWindows(out: Window[], target: ThrottleTarget, now: number): void {
  const tier = target.tier;
  if (!tier) return;
  if (!tier.unlimited && tier.requestCount !== null)
    out.push(windowOf(target, tier, tier.requestCount, tier.unitSeconds, false, now));
  if (tier.burst !== undefined && tier.unitSeconds > 1)
    out.push(windowOf(target, tier, tier.burst, 1, true, now));
}

function windowOf(
  target: ThrottleTarget,
  tier: Tier,
  limit: number,
  unitSeconds: number,
  burst: boolean,
  now: number,
): Window {
  const windowMs = unitSeconds * 1000;
  const index = Math.floor(now / windowMs);
  return {
    target,
    tier,
    limit,
    unitSeconds,
    burst,
    resetMs: (index + 1) * windowMs - now,
    key: windowKey(target, tier, burst, index),
    ttlMs: windowMs + 1000,
  };
}

/** No limit applies (or none could be counted): no RateLimit headers. */
export const UNTHROTTLED: ThrottleOutcome = Object.freeze({ headers: Object.freeze({}) });

/**
 * Fixed-window counting per tier (requestCount per unitSeconds, and `burst` per second when the
 * tier sets one). Every applicable limit is counted; a call over any of them gets 429 with
 * Retry-After and the RateLimit headers (draft-ietf-httpapi-ratelimit-headers) of the limit that
 * refused it. Synchronous when the counter store can answer at once (in-process counts).
 */
export function applyThrottling(
  store: CounterStore,
  targets: ThrottleTarget[],
  now: number,
): ThrottleOutcome | Promise<ThrottleOutcome> {
  const windows: Window[] = [];
  for (const target of targets) addWindows(windows, target, now);
  if (windows.length === 0) return UNTHROTTLED;
  const counts = store.hit(windows);
  return Array.isArray(counts) ? decide(windows, counts) : counts.then((c) => decide(windows, c));
}

function decide(windows: Window[], counts: number[]): ThrottleOutcome {
  let refused: number | undefined;
  let tightest: number | undefined;
  let tightestRemaining = Number.POSITIVE_INFINITY;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i] as Window;
    const remaining = w.limit - (counts[i] ?? 0);
    if (remaining < 0 && refused === undefined) refused = i;
    // The quota (not the spike limit) is what the headers describe while calls pass.
    if (!w.burst && remaining < tightestRemaining) {
      tightestRemaining = remaining;
      tightest = i;
    }
  }
  const index = refused ?? tightest;
  const pick = index === undefined ? undefined : windows[index];
  if (!pick || index === undefined) return UNTHROTTLED;
  const resetSeconds = Math.max(1, Math.ceil(pick.resetMs / 1000));
  const headers = {
    "ratelimit-limit": String(pick.limit),
    "ratelimit-remaining": String(Math.max(0, pick.limit - (counts[index] ?? 0))),
    "ratelimit-reset": String(resetSeconds),
    "ratelimit-policy": `${pick.limit};w=${pick.unitSeconds}`,
  };
  if (refused !== undefined) {
    const what = pick.burst
      ? `at most ${pick.limit} requests per second`
      : `${pick.limit} requests per ${pick.unitSeconds} s`;
    throw new GatewayError(
      429,
      "throttled",
      `the ${pick.target.label} allows ${what} (${pick.tier.name}); try again in ${resetSeconds} s`,
      {
        ...headers,
        "retry-after": String(resetSeconds),
      },
    );
  }
  return { headers };
}
