/** One fixed-window counter to increment: `key` already names its window. */
export interface CounterHit {
  key: string;
  /** how long the counter must live, ms */
  ttlMs: number;
  /** the limit the count is compared with (lets the cluster hand out blocks of counts) */
  limit: number;
}

/**
 * Where throttling counters live: this process, the cluster primary, or Redis. `hit`
 * increments every counter atomically per key and returns the new counts, in order: at once
 * when they are at hand, as a promise when they must be asked for.
 */
export interface CounterStore {
  hit(hits: CounterHit[]): number[] | Promise<number[]>;
  close(): Promise<void>;
}

/** Counters in this process (one gateway process, no Redis). */
export class MemoryCounterStore implements CounterStore {
  private readonly counts = new Map<string, { count: number; expiresAt: number }>();
  private lastSweep = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  hit(hits: CounterHit[]): number[] {
    const now = this.clock();
    if (now - this.lastSweep > 10_000) {
      this.lastSweep = now;
      for (const [key, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(key);
    }
    return hits.map(({ key, ttlMs }) => {
      let entry = this.counts.get(key);
      if (!entry || entry.expiresAt <= now) {
        entry = { count: 0, expiresAt: now + ttlMs };
        this.counts.set(key, entry);
      }
      entry.count += 1;
      return entry.count;
    });
  }

  async close(): Promise<void> {}
}
