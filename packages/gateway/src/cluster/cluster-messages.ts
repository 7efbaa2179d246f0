import type { MetricsSample } from "../observability/metrics";
import type { CounterHit } from "../throttling/counter-store";

// Messages between the cluster primary and its workers over the IPC channel.
export type WorkerToPrimary =
  | { kind: "portico:hit"; id: number; batch: CounterHit[][] }
  | { kind: "portico:metrics"; id: number; sample: MetricsSample }
  | { kind: "portico:sample"; id: number; sample: MetricsSample }
  | { kind: "portico:listening"; httpsUrl: string; httpUrl: string };

export type PrimaryToWorker =
  | { kind: "portico:hit-result"; id: number; counts: number[][] }
  | { kind: "portico:metrics-result"; id: number; sample: MetricsSample }
  | { kind: "portico:sample-request"; id: number };

export function isPorticoMessage(value: unknown): value is { kind: string } {
  return typeof value === "object" && value !== null && typeof (value as { kind?: unknown }).kind === "string" && (value as { kind: string }).kind.startsWith("portico:");
}
