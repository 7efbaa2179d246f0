import type { RateLimit } from "../configuration";

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A counted event that may be taken back (a sign-in attempt that turned out to succeed). */
export type Reservation =
  | { allowed: true; release(): void | Promise<void> }
  | { allowed: false; retryAfterSeconds: number };

/**
 * A limit on events per key over a sliding window (failed sign-ins per username, token requests
 * per client...). In process by default; in Redis when key-manager replicas share one.
 */
export interface AbuseLimiter {
  /** Counts one request for `key` when under the limit; says how long to wait when over it. */
  hit(key: string): Verdict | Promise<Verdict>;
  /**
   * Like hit, and the count can be given back with `release()`: the check and the count are one
   * step, so events racing in parallel cannot all pass the check before any of them is counted.
   */
  reserve(key: string): Reservation | Promise<Reservation>;
  /** Whether `key` is over the limit, without counting a request. */
  peek(key: string): Verdict | Promise<Verdict>;
  /** Counts one event for `key` (e.g. a failed sign-in) without checking. */
  count(key: string): void | Promise<void>;
}

/**
 * The sliding-window estimate: the previous window's count weighted by how much of it still
 * overlaps, plus the current window's. `start` is the current window's start, epoch ms.
 */
export function slidingVerdict(
  rule: RateLimit,
  start: number,
  now: number,
  previous: number,
  current: number,
): Verdict {
  return previous * previousWeight(rule, start, now) + current >= rule.limit
    ? refusal(rule, start, now)
    : { allowed: true };
}

/** How much of the previous window still overlaps the sliding one (1 at the window's start, 0 at its end). */
export function previousWeight(rule: RateLimit, start: number, now: number): number {
  return 1 - (now - start) / (rule.windowSeconds * 1000);
}

/** Over the limit: wait until the current window ends (at least a second). */
export function refusal(
  rule: RateLimit,
  start: number,
  now: number,
): { allowed: false; retryAfterSeconds: number } {
  return { allowed: false, retryAfterSeconds: Math.max(1, (start + rule.windowSeconds * 1000 - now) / 1000) };
}

/**
 * An in-process sliding-window counter: constant memory per key, no timers on the request path.
 */
export class SlidingWindowLimiter implements AbuseLimiter {
  private readonly windows = new Map<string, { start: number; current: number; previous: number }>();
  private readonly windowMs: number;
  private lastSweep = 0;

  constructor(
    private readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = rule.windowSeconds * 1000;
  }

  hit(key: string): Verdict {
    const verdict = this.peek(key);
    if (verdict.allowed) this.count(key);
    return verdict;
  }

  reserve(key: string): Reservation {
    const now = this.now();
    const entry = this.entry(key, now);
    const verdict = slidingVerdict(this.rule, entry.start, now, entry.previous, entry.current);
    if (!verdict.allowed) return verdict;
    entry.current += 1;
    const { start } = entry;
    return { allowed: true, release: () => this.release(key, start) };
  }

  /** Takes back one event counted in the window that started at `start` (now current or previous). */
  private release(key: string, start: number): void {
    if (!this.windows.has(key)) return;
    const entry = this.entry(key, this.now());
    if (entry.start === start) entry.current = Math.max(0, entry.current - 1);
    else if (entry.start - start === this.windowMs) entry.previous = Math.max(0, entry.previous - 1);
  }

  peek(key: string): Verdict {
    const now = this.now();
    const entry = this.entry(key, now);
    return slidingVerdict(this.rule, entry.start, now, entry.previous, entry.current);
  }

  count(key: string): void {
    this.entry(key, this.now()).current += 1;
  }

  private entry(key: string, now: number) {
    this.sweep(now);
    const start = now - (now % this.windowMs);
    let entry = this.windows.get(key);
    if (!entry) {
      entry = { start, current: 0, previous: 0 };
      this.windows.set(key, entry);
    } else if (entry.start !== start) {
      entry.previous = start - entry.start === this.windowMs ? entry.current : 0;
      entry.current = 0;
      entry.start = start;
    }
    return entry;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, entry] of this.windows) {
      if (now - entry.start >= 2 * this.windowMs) this.windows.delete(key);
    }
  }
}
