import type { MetricsSample } from "../observability/metrics";
import type { CounterHit, CounterStore } from "../throttling/counter-store";
import {
  type CountLease,
  isPorticoMessage,
  type PrimaryToWorker,
  type WorkerToPrimary,
} from "./cluster-messages";

type Pending = (message: PrimaryToWorker) => void;

interface HeldCounts {
  ranges: CountLease[];
  expiresAt: number;
  /** counts left in `ranges` */
  left: number;
  /** below this many left, the next block is asked for ahead of need */
  lowWater: number;
}

/**
 * A worker's link to the cluster primary: throttling counts come from the primary in blocks
 * (see CountLeases) and are used here without a message per call; metrics are merged there.
 */
export class PrimaryLink implements CounterStore {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly held = new Map<string, HeldCounts>();
  /** counters whose next block is on its way */
  private readonly refilling = new Set<string>();
  private lastSweep = 0;
  private batch: {
    hits: CounterHit[];
    counts: number[];
    missing: number[];
    resolve: (counts: number[]) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(
    private readonly send: (message: WorkerToPrimary) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Feeds messages from the primary (process.on("message")). */
  receive(message: unknown, ownSample: () => MetricsSample): void {
    if (!isPorticoMessage(message)) return;
    const m = message as PrimaryToWorker;
    if (m.kind === "portico:sample-request") {
      this.send({ kind: "portico:sample", id: m.id, sample: ownSample() });
      return;
    }
    if (m.kind === "portico:change") return;
    const resolve = this.pending.get(m.id);
    if (resolve) {
      this.pending.delete(m.id);
      resolve(m);
    }
  }

  private ask(build: (id: number) => WorkerToPrimary): Promise<PrimaryToWorker> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error("the cluster primary did not answer"));
      }, 2_000);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.send(build(id));
    });
  }

  /**
   * Takes the next held count of a counter, if this worker holds one. Running low, it asks the
   * primary for the next block in the background, so a steady stream of calls never waits.
   */
  private take(hit: CounterHit, now: number): number | undefined {
    const held = this.held.get(hit.key);
    if (!held) return undefined;
    if (held.expiresAt <= now) {
      this.held.delete(hit.key);
      return undefined;
    }
    const range = held.ranges[0];
    if (!range) return undefined;
    const count = range.start;
    range.start += 1;
    range.size -= 1;
    held.left -= 1;
    if (range.size === 0) held.ranges.shift();
    if (held.left < held.lowWater) this.refill(hit);
    return count;
  }

  private keep(hit: CounterHit, lease: CountLease, now: number): void {
    if (lease.size <= 0) return;
    let held = this.held.get(hit.key);
    if (!held || held.expiresAt <= now) {
      held = { ranges: [], expiresAt: now + hit.ttlMs, left: 0, lowWater: 0 };
      this.held.set(hit.key, held);
    }
    held.ranges.push(lease);
    held.left += lease.size;
    held.lowWater = Math.floor(lease.size / 4);
  }

  /** Asks for a block of spare counts (none wanted now); near the limit the primary grants none. */
  private refill(hit: CounterHit): void {
    if (this.refilling.has(hit.key)) return;
    this.refilling.add(hit.key);
    const wanted = { key: hit.key, ttlMs: hit.ttlMs, limit: hit.limit, want: 0 };
    this.ask((id) => ({ kind: "portico:lease", id, hits: [wanted] })).then(
      (answer) => {
        this.refilling.delete(hit.key);
        const lease = answer.kind === "portico:lease-result" ? answer.leases[0] : undefined;
        if (lease) this.keep(hit, { ...lease }, this.clock());
      },
      () => this.refilling.delete(hit.key),
    );
  }

  /** Counts this worker holds answer at once; only a counter it has run out of waits for the primary. */
  hit(hits: CounterHit[]): number[] | Promise<number[]> {
    const now = this.clock();
    if (now - this.lastSweep > 10_000) {
      this.lastSweep = now;
      for (const [key, held] of this.held) if (held.expiresAt <= now) this.held.delete(key);
    }
    const counts: number[] = [];
    const missing: number[] = [];
    hits.forEach((hit, i) => {
      const count = this.take(hit, now);
      if (count === undefined) missing.push(i);
      else counts[i] = count;
    });
    if (missing.length === 0) return counts;
    // Calls that need new blocks in one event-loop turn share one message.
    return new Promise((resolve, reject) => {
      if (this.batch.length === 0) setImmediate(() => this.flush());
      this.batch.push({ hits, counts, missing, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    // One request per counter, for as many counts as calls are waiting on it.
    const wanted = new Map<string, CounterHit & { want: number }>();
    for (const b of batch) {
      for (const i of b.missing) {
        const hit = b.hits[i] as CounterHit;
        const entry = wanted.get(hit.key);
        if (entry) entry.want += 1;
        else wanted.set(hit.key, { key: hit.key, ttlMs: hit.ttlMs, limit: hit.limit, want: 1 });
      }
    }
    const hits = [...wanted.values()];
    this.ask((id) => ({ kind: "portico:lease", id, hits })).then(
      (answer) => {
        const leases = answer.kind === "portico:lease-result" ? answer.leases : [];
        const now = this.clock();
        const granted = new Map<string, CountLease>();
        hits.forEach((hit, i) => {
          const lease = leases[i];
          if (lease) granted.set(hit.key, { ...lease });
        });
        for (const b of batch) {
          for (const i of b.missing) {
            const lease = granted.get((b.hits[i] as CounterHit).key);
            if (!lease || lease.size <= 0) {
              b.counts[i] = Number.MAX_SAFE_INTEGER;
              continue;
            }
            b.counts[i] = lease.start;
            lease.start += 1;
            lease.size -= 1;
          }
          b.resolve(b.counts);
        }
        for (const hit of hits) {
          const lease = granted.get(hit.key);
          if (lease) this.keep(hit, lease, now);
        }
      },
      (error: unknown) => {
        for (const b of batch) b.reject(error);
      },
    );
  }

  async clusterMetrics(own: MetricsSample): Promise<MetricsSample> {
    const answer = await this.ask((id) => ({ kind: "portico:metrics", id, sample: own }));
    return answer.kind === "portico:metrics-result" ? answer.sample : own;
  }

  async close(): Promise<void> {}
}
