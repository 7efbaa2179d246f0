/**
 * Prometheus counters and per-API latency histograms, kept in process and rendered as text
 * format 0.0.4. Calls that match no API are counted under the label `api=""`.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One API's latencies: calls per bucket (not cumulative; the last one is above every bound). */
export interface LatencySample {
  buckets: number[];
  sum: number;
  count: number;
}

export interface MetricsSample {
  /** `api\nstatus` -> calls */
  requests: Record<string, number>;
  /** API label -> its latencies */
  latency: Record<string, LatencySample>;
  throttled: number;
  authFailures: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function emptyLatency(): LatencySample {
  return { buckets: new Array<number>(BUCKETS.length + 1).fill(0), sum: 0, count: 0 };
}

/** The index of the first bucket whose bound holds `seconds` (BUCKETS.length when none does). */
function bucketOf(seconds: number): number {
  let i = 0;
  while (i < BUCKETS.length && seconds > (BUCKETS[i] as number)) i++;
  return i;
}

interface ApiCounts {
  /** status -> calls */
  byStatus: Map<number, number>;
  latency: LatencySample;
}

export class GatewayMetrics {
  /** API label -> counts (keyed by the snapshot's label strings: no key built per call) */
  private apis = new Map<string, ApiCounts>();
  private throttled = 0;
  private authFailures = 0;

  record(api: string, status: number, seconds: number): void {
    let counts = this.apis.get(api);
    if (!counts) {
      counts = { byStatus: new Map(), latency: emptyLatency() };
      this.apis.set(api, counts);
    }
    counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
    if (status === 429) this.throttled += 1;
    if (status === 401 || status === 403) this.authFailures += 1;
    const { latency } = counts;
    const bucket = bucketOf(seconds);
    latency.buckets[bucket] = (latency.buckets[bucket] as number) + 1;
    latency.sum += seconds;
    latency.count += 1;
  }

  sample(): MetricsSample {
    const requests: Record<string, number> = {};
    const latency: Record<string, LatencySample> = {};
    for (const [api, counts] of this.apis) {
      for (const [status, n] of counts.byStatus) requests[`${api}\n${status}`] = n;
      latency[api] = { ...counts.latency, buckets: [...counts.latency.buckets] };
    }
    return { requests, latency, throttled: this.throttled, authFailures: this.authFailures };
  }

  /** Adds up the samples of several processes (cluster workers report to the primary). */
  static merge(samples: MetricsSample[]): MetricsSample {
    const out: MetricsSample = { requests: {}, latency: {}, throttled: 0, authFailures: 0 };
    for (const s of samples) {
      for (const [k, v] of Object.entries(s.requests)) out.requests[k] = (out.requests[k] ?? 0) + v;
      for (const [api, l] of Object.entries(s.latency)) {
        const into = out.latency[api] ?? emptyLatency();
        out.latency[api] = into;
        l.buckets.forEach((v, i) => {
          into.buckets[i] = (into.buckets[i] ?? 0) + v;
        });
        into.sum += l.sum;
        into.count += l.count;
      }
      out.throttled += s.throttled;
      out.authFailures += s.authFailures;
    }
    return out;
  }

  static render(sample: MetricsSample): string {
    const lines = [
      "# HELP portico_gateway_requests_total Calls answered by the gateway, by API and status.",
      "# TYPE portico_gateway_requests_total counter",
    ];
    for (const [key, value] of Object.entries(sample.requests)) {
      const [api = "", status = ""] = key.split("\n");
      lines.push(`portico_gateway_requests_total{api="${escapeLabel(api)}",status="${status}"} ${value}`);
    }
    lines.push(
      "# HELP portico_gateway_request_duration_seconds Time from a call's arrival to the end of its answer, by API.",
      "# TYPE portico_gateway_request_duration_seconds histogram",
    );
    for (const [api, latency] of Object.entries(sample.latency)) {
      const label = `api="${escapeLabel(api)}"`;
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += latency.buckets[i] ?? 0;
        lines.push(`portico_gateway_request_duration_seconds_bucket{${label},le="${le}"} ${cumulative}`);
      });
      lines.push(`portico_gateway_request_duration_seconds_bucket{${label},le="+Inf"} ${latency.count}`);
      lines.push(`portico_gateway_request_duration_seconds_sum{${label}} ${latency.sum}`);
      lines.push(`portico_gateway_request_duration_seconds_count{${label}} ${latency.count}`);
    }
    lines.push(
      "# HELP portico_gateway_throttled_total Calls refused with 429.",
      "# TYPE portico_gateway_throttled_total counter",
      `portico_gateway_throttled_total ${sample.throttled}`,
    );
    lines.push(
      "# HELP portico_gateway_auth_failures_total Calls refused with 401 or 403.",
      "# TYPE portico_gateway_auth_failures_total counter",
      `portico_gateway_auth_failures_total ${sample.authFailures}`,
    );
    return `${lines.join("\n")}\n`;
  }
}
