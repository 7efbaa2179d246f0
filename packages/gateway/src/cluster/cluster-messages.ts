import type { ChangeMessage } from "@portico/tokens";
import type { MetricsSample } from "../observability/metrics";
import type { UsageBucket } from "../observability/usage-recorder";
import type { CounterHit } from "../throttling/counter-store";

/** Consecutive counts [start, start + size) of one counter, handed to one worker. */
export interface CountLease {
  start: number;
  size: number;
}

// Messages between the cluster primary and its workers over the IPC channel.
export type WorkerToPrimary =
  | { kind: "portico:lease"; id: number; hits: (CounterHit & { want: number })[] }
  | { kind: "portico:metrics"; id: number; sample: MetricsSample }
  | { kind: "portico:sample"; id: number; sample: MetricsSample }
  | { kind: "portico:listening"; httpsUrl: string; httpUrl: string }
  | { kind: "portico:usage"; buckets: UsageBucket[] };

export type PrimaryToWorker =
  | { kind: "portico:lease-result"; id: number; leases: CountLease[] }
  | { kind: "portico:metrics-result"; id: number; sample: MetricsSample }
  | { kind: "portico:sample-request"; id: number }
  | { kind: "portico:change"; change: ChangeMessage };

export function isPorticoMessage(value: unknown): value is { kind: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === "string" &&
    (value as { kind: string }).kind.startsWith("portico:")
  );
}
