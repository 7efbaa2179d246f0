import type { RateLimit } from "../configuration";

/**
 * An in-process sliding-window counter (the previous window's count weighted by how much of
 * it still overlaps): constant memory per key, no timers on the request path.
 */
export class SlidingWindowLimiter {
  private readonly windows = new Map<string, { start: number; current: number; previous: number }>();
  private readonly windowMs: number;
  private lastSweep = 0;

  constructor(
    private readonly rule: RateLimit,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = rule.windowSeconds * 1000;
  }

  /** Counts one request for `key`; returns the seconds to wait when over the limit. */
  hit(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const verdict = this.peek(key);
    if (verdict.allowed) this.count(key);
    return verdict;
  }

  /** Whether `key` is over the limit, without counting a request. */
  peek(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    const entry = this.entry(key, now);
    const overlap = 1 - (now - entry.start) / this.windowMs;
    const estimate = entry.previous * overlap + entry.current;
    if (estimate >= this.rule.limit) {
      return { allowed: false, retryAfterSeconds: Math.max(1, (entry.start + this.windowMs - now) / 1000) };
    }
    return { allowed: true };
  }

  /** Counts one event for `key` (e.g. a failed sign-in) without checking. */
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
