import type { CounterHit } from "../throttling/counter-store";
import type { CountLease } from "./cluster-messages";

/**
 * The primary's side of cluster throttling: one counter per key for the whole cluster. Instead of
 * one message per call, a worker is handed a block of consecutive counts and uses them locally.
 * Blocks are a fraction of what is left under the limit (a single count near it), so together the
 * workers never admit more than the limit; past the limit, blocks of refusals are handed out.
 * A block is at most 256 counts or a thousandth of the limit, whichever is more, so high limits
 * (the usual case) need a message only every thousand calls or so per counter.
 * The price: counts a worker holds but does not use before the window ends are lost, which can
 * refuse a call slightly early when traffic moves between workers at the very end of a window.
 */
export class CountLeases {
  private readonly counters = new Map<string, { granted: number; expiresAt: number }>();
  private lastSweep = 0;

  constructor(
    private readonly workers: () => number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Hands out `want` counts for calls waiting now, plus a share of what is left for later ones. */
  grant(hit: CounterHit, want = 1): CountLease {
    const now = this.clock();
    if (now - this.lastSweep > 10_000) {
      this.lastSweep = now;
      for (const [key, c] of this.counters) if (c.expiresAt <= now) this.counters.delete(key);
    }
    let counter = this.counters.get(hit.key);
    if (!counter || counter.expiresAt <= now) {
      counter = { granted: 0, expiresAt: now + hit.ttlMs };
      this.counters.set(hit.key, counter);
    }
    const left = hit.limit - counter.granted - want;
    const spare =
      left > 0
        ? Math.min(
            Math.max(256, Math.floor(hit.limit / 1000)),
            Math.floor(left / (4 * Math.max(1, this.workers()))),
          )
        : left <= -want
          ? 64
          : 0;
    const size = want + spare;
    const lease = { start: counter.granted + 1, size };
    counter.granted += size;
    return lease;
  }
}
