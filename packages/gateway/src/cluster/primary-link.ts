import type { MetricsSample } from "../observability/metrics";
import type { CounterHit, CounterStore } from "../throttling/counter-store";
import { isPorticoMessage, type PrimaryToWorker, type WorkerToPrimary } from "./cluster-messages";

type Pending = (message: PrimaryToWorker) => void;

/**
 * A worker's link to the cluster primary: throttling counters live in the primary (one count
 * for all workers, without Redis), and metrics are merged there.
 */
export class PrimaryLink implements CounterStore {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly send: (message: WorkerToPrimary) => void) {}

  /** Feeds messages from the primary (process.on("message")). */
  receive(message: unknown, ownSample: () => MetricsSample): void {
    if (!isPorticoMessage(message)) return;
    const m = message as PrimaryToWorker;
    if (m.kind === "portico:sample-request") {
      this.send({ kind: "portico:sample", id: m.id, sample: ownSample() });
      return;
    }
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

  private batch: { hits: CounterHit[]; resolve: (counts: number[]) => void; reject: (error: unknown) => void }[] = [];

  /**
   * Hits of all calls arriving in one event-loop turn travel in one message: under load the
   * IPC cost is shared by many calls, and counting stays exact (the primary counts them all).
   */
  hit(hits: CounterHit[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      if (this.batch.length === 0) setImmediate(() => this.flush());
      this.batch.push({ hits, resolve, reject });
    });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    this.ask((id) => ({ kind: "portico:hit", id, batch: batch.map((b) => b.hits) })).then(
      (answer) => batch.forEach((b, i) => b.resolve(answer.kind === "portico:hit-result" ? (answer.counts[i] ?? []) : [])),
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
