/** Prometheus counters and a latency histogram, kept in process and rendered as text format 0.0.4. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface MetricsSample {
  requests: Record<string, number>;
  latency: { buckets: number[]; sum: number; count: number };
  throttled: number;
  authFailures: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export class GatewayMetrics {
  /** API label -> status -> calls (numbers and the snapshot's label strings: no key built per call) */
  private requests = new Map<string, Map<number, number>>();
  private buckets = BUCKETS.map(() => 0);
  private sum = 0;
  private count = 0;
  private throttled = 0;
  private authFailures = 0;

  record(api: string, status: number, seconds: number): void {
    let byStatus = this.requests.get(api);
    if (!byStatus) {
      byStatus = new Map();
      this.requests.set(api, byStatus);
    }
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    if (status === 429) this.throttled += 1;
    if (status === 401 || status === 403) this.authFailures += 1;
    this.sum += seconds;
    this.count += 1;
    for (let i = 0; i < BUCKETS.length; i++)
      if (seconds <= (BUCKETS[i] ?? 0)) this.buckets[i] = (this.buckets[i] ?? 0) + 1;
  }

  sample(): MetricsSample {
    return {
      requests: Object.fromEntries(
        [...this.requests].flatMap(([api, byStatus]) =>
          [...byStatus].map(([status, n]) => [`${api}\n${status}`, n] as const),
        ),
      ),
      latency: { buckets: [...this.buckets], sum: this.sum, count: this.count },
      throttled: this.throttled,
      authFailures: this.authFailures,
    };
  }

  /** Adds another process's sample (cluster workers report to the primary). */
  static merge(samples: MetricsSample[]): MetricsSample {
    const out: MetricsSample = {
      requests: {},
      latency: { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 },
      throttled: 0,
      authFailures: 0,
    };
    for (const s of samples) {
      for (const [k, v] of Object.entries(s.requests)) out.requests[k] = (out.requests[k] ?? 0) + v;
      s.latency.buckets.forEach((v, i) => {
        out.latency.buckets[i] = (out.latency.buckets[i] ?? 0) + v;
      });
      out.latency.sum += s.latency.sum;
      out.latency.count += s.latency.count;
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
      "# HELP portico_gateway_request_duration_seconds Time from request to response headers.",
      "# TYPE portico_gateway_request_duration_seconds histogram",
    );
    BUCKETS.forEach((le, i) => {
      lines.push(
        `portico_gateway_request_duration_seconds_bucket{le="${le}"} ${sample.latency.buckets[i] ?? 0}`,
      );
    });
    lines.push(`portico_gateway_request_duration_seconds_bucket{le="+Inf"} ${sample.latency.count}`);
    lines.push(`portico_gateway_request_duration_seconds_sum ${sample.latency.sum}`);
    lines.push(`portico_gateway_request_duration_seconds_count ${sample.latency.count}`);
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
