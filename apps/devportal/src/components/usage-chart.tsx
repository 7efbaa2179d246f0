// Usage as inline SVG stacked bars: nothing to load, nothing the CSP has to allow.

export interface UsageBucket {
  start: number;
  calls: number;
  errors: number;
  throttled: number;
  denied: number;
}

/** The gateway counts each call once, and at most one of errors (5xx), throttled (429), denied (401/403). */
export const usageParts = [
  { key: "ok", label: "Successful", color: "#10b981" },
  { key: "errors", label: "Errors (5xx)", color: "#dc2626" },
  { key: "throttled", label: "Throttled (429)", color: "#f59e0b" },
  { key: "denied", label: "Denied (401/403)", color: "#64748b" },
] as const;

const okOf = (b: UsageBucket) => Math.max(0, b.calls - b.errors - b.throttled - b.denied);

const WIDTH = 720;
const HEIGHT = 160;
const AXIS = 20;

export function UsageLegend() {
  return (
    <ul className="flex flex-wrap gap-4 text-xs text-slate-600" aria-label="Legend">
      {usageParts.map((p) => (
        <li key={p.key} className="flex items-center gap-1">
          <span className="inline-block h-3 w-3 rounded-sm" style={{ background: p.color }} aria-hidden />
          {p.label}
        </li>
      ))}
    </ul>
  );
}

/** Calls per bucket, split into successful, errors, throttled and denied. */
export function UsageChart({
  title,
  buckets,
  bucketLabel,
}: {
  title: string;
  buckets: UsageBucket[];
  bucketLabel: (start: number) => string;
}) {
  const max = Math.max(1, ...buckets.map((b) => b.calls));
  const slot = WIDTH / Math.max(1, buckets.length);
  const barWidth = Math.max(1, slot * 0.8);
  const plot = HEIGHT - AXIS;
  const total = buckets.reduce((n, b) => n + b.calls, 0);
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="h-40 w-full"
      role="img"
      aria-label={`${title}: ${total} calls, at most ${max} in one period`}
    >
      <line x1={0} y1={plot} x2={WIDTH} y2={plot} stroke="#cbd5e1" />
      <text x={0} y={10} fontSize={10} fill="#64748b">
        {max}
      </text>
      {buckets.map((b, i) => {
        let y = plot;
        const values = { ok: okOf(b), errors: b.errors, throttled: b.throttled, denied: b.denied };
        return (
          <g key={b.start}>
            <title>
              {`${bucketLabel(b.start)}: ${b.calls} calls, ${b.errors} errors, ${b.throttled} throttled, ${b.denied} denied`}
            </title>
            {usageParts.map((p) => {
              const h = (values[p.key] / max) * (plot - 14);
              if (h <= 0) return null;
              y -= h;
              return (
                <rect
                  key={p.key}
                  x={i * slot + (slot - barWidth) / 2}
                  y={y}
                  width={barWidth}
                  height={h}
                  fill={p.color}
                />
              );
            })}
          </g>
        );
      })}
      {first && (
        <text x={0} y={HEIGHT - 4} fontSize={10} fill="#64748b">
          {bucketLabel(first.start)}
        </text>
      )}
      {last && last !== first && (
        <text x={WIDTH} y={HEIGHT - 4} fontSize={10} fill="#64748b" textAnchor="end">
          {bucketLabel(last.start)}
        </text>
      )}
    </svg>
  );
}
