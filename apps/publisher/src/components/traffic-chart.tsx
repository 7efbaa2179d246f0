import type { ApiTraffic } from "@portico/platform";

type Hour = ApiTraffic["apis"][number]["hourly"][number];

// The gateway counts every request in `calls`; errors (5xx), throttled (429) and denied (401/403)
// are disjoint parts of it, so an hour's bar stacks them on top of the successful rest.
const SEGMENTS = [
  { key: "ok", label: "answered", className: "fill-brand-500" },
  { key: "denied", label: "denied", className: "fill-slate-400" },
  { key: "throttled", label: "throttled", className: "fill-amber-400" },
  { key: "errors", label: "errors", className: "fill-red-500" },
] as const;

function parts(h: Hour) {
  return {
    ok: Math.max(0, h.calls - h.errors - h.throttled - h.denied),
    denied: h.denied,
    throttled: h.throttled,
    errors: h.errors,
  };
}

const hourLabel = (iso: string) => `${iso.slice(11, 16)} UTC`;

/** One API's calls per hour as stacked bars: inline SVG, no script and nothing fetched (CSP). */
export function TrafficChart({ name, hourly }: { name: string; hourly: Hour[] }) {
  const width = 240;
  const height = 48;
  const slot = width / Math.max(1, hourly.length);
  const max = Math.max(1, ...hourly.map((h) => h.calls));
  const total = hourly.reduce((n, h) => n + h.calls, 0);
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-label={`${name}: ${total} calls in ${hourly.length} hours, busiest hour ${max === 1 && total === 0 ? 0 : max}`}
      className="overflow-visible"
    >
      <line x1={0} y1={height - 0.5} x2={width} y2={height - 0.5} className="stroke-slate-200" />
      {hourly.map((h, i) => {
        const p = parts(h);
        let y = height;
        return (
          <g key={h.start}>
            <title>
              {`${hourLabel(h.start)}: ${h.calls} calls, ${h.errors} errors, ${h.throttled} throttled, ${h.denied} denied`}
            </title>
            {SEGMENTS.map((s) => {
              const value = p[s.key];
              if (value === 0) return null;
              const barHeight = (value / max) * (height - 2);
              y -= barHeight;
              return (
                <rect
                  key={s.key}
                  x={i * slot + 1}
                  y={y}
                  width={Math.max(1, slot - 2)}
                  height={barHeight}
                  className={s.className}
                />
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

export function TrafficLegend() {
  return (
    <p className="flex flex-wrap gap-4 text-xs text-slate-600">
      {[...SEGMENTS].reverse().map((s) => (
        <span key={s.key} className="flex items-center gap-1">
          <svg width={10} height={10} aria-hidden="true">
            <rect width={10} height={10} className={s.className} />
          </svg>
          {s.label}
        </span>
      ))}
    </p>
  );
}
