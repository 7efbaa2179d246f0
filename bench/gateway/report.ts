import { median } from "../stats.ts";

export interface Outcome {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** CPU time the proxy's processes spent per request, µs: steadier than req/s on a busy machine */
  cpuPerRequestUs?: number;
  /** latency under light load (a few calls in flight), ms with µs precision */
  light?: { p50: number; p99: number };
  note?: string;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Prints each target's medians over the rounds and the per-round ratios' medians. */
export function printReport(
  targets: ReadonlyArray<{ name: string; note?: string }>,
  rounds: Outcome[][],
  started: number,
): void {
  // Per target, the median of each figure over the rounds.
  const results: Outcome[] = targets.map((t, i) => {
    const of = (pick: (o: Outcome) => number | undefined) => {
      const values = rounds.map((r) => pick(r[i] as Outcome)).filter((v): v is number => v !== undefined);
      return values.length > 0 ? median(values) : undefined;
    };
    return {
      name: t.name,
      rps: of((o) => o.rps) ?? 0,
      p50: of((o) => o.p50) ?? 0,
      p99: of((o) => o.p99) ?? 0,
      non2xx: rounds.reduce((n, r) => n + (r[i]?.non2xx ?? 0), 0),
      light: { p50: of((o) => o.light?.p50) ?? 0, p99: of((o) => o.light?.p99) ?? 0 },
      ...(of((o) => o.cpuPerRequestUs) !== undefined
        ? { cpuPerRequestUs: of((o) => o.cpuPerRequestUs) }
        : {}),
      ...(t.note ? { note: t.note } : {}),
    };
  });
  const width = Math.max(...results.map((r) => r.name.length));
  console.log(`\nmedians over ${rounds.length} rounds`);
  console.log(`${"".padEnd(width)}  ${"saturated".padStart(32)}  ${"light load".padStart(17)}`);
  console.log(
    `${"target".padEnd(width)}  ${"req/s".padStart(8)}  ${"p50 ms".padStart(6)}  ${"p99 ms".padStart(6)}  ${"CPU µs/req".padStart(10)}  ${"p50 ms".padStart(8)}  ${"p99 ms".padStart(8)}  non-2xx`,
  );
  for (const r of results) {
    const cpu = r.cpuPerRequestUs === undefined ? "-" : fmt(r.cpuPerRequestUs);
    console.log(
      `${r.name.padEnd(width)}  ${fmt(r.rps).padStart(8)}  ${fmt(r.p50, 1).padStart(6)}  ${fmt(r.p99, 1).padStart(6)}  ${cpu.padStart(10)}  ${fmt(r.light?.p50 ?? 0, 3).padStart(8)}  ${fmt(r.light?.p99 ?? 0, 3).padStart(8)}  ${r.non2xx}${r.note ? `   (${r.note})` : ""}`,
    );
  }
  // Ratios are taken within each round (the targets ran minutes apart at most), then the median.
  const index = (prefix: string) => targets.findIndex((t) => t.name.startsWith(prefix));
  const direct = index("direct");
  const nginx = index("nginx");
  const peer = index("fast-gateway");
  const portico = index("portico (");
  const guarded = index("portico +");
  const ratio = (
    a: number,
    b: number,
    pick: (o: Outcome) => number | undefined,
    combine = (x: number, y: number) => x / y,
  ) => {
    if (a < 0 || b < 0) return undefined;
    const values = rounds.flatMap((r) => {
      const [x, y] = [pick(r[a] as Outcome), pick(r[b] as Outcome)];
      return x === undefined || y === undefined || y === 0 ? [] : [combine(x, y)];
    });
    return values.length > 0 ? { median: median(values), all: values } : undefined;
  };
  const show = (
    label: string,
    r: { median: number; all: number[] } | undefined,
    unit: string,
    target: string,
    digits = 2,
  ) => {
    if (r)
      console.log(
        `${label.padEnd(44)} ${fmt(r.median, digits)}${unit}${target ? ` (target ${target})` : ""}   rounds: ${r.all.map((v) => fmt(v, digits)).join(", ")}`,
      );
  };
  const minus = (x: number, y: number) => x - y;
  console.log("");
  show(
    "portico / nginx throughput:",
    ratio(portico, nginx, (o) => o.rps),
    "x",
    ">= 0.5x",
  );
  show(
    "portico / fast-gateway throughput:",
    ratio(portico, peer, (o) => o.rps),
    "x",
    "> 1x",
  );
  show(
    "policies attached / full security throughput:",
    ratio(guarded, portico, (o) => o.rps),
    "x",
    ">= 0.85x",
  );
  show(
    "policies attached / full security CPU per req:",
    ratio(guarded, portico, (o) => o.cpuPerRequestUs),
    "x",
    "",
  );
  show(
    "portico / fast-gateway CPU per request:",
    ratio(portico, peer, (o) => o.cpuPerRequestUs),
    "x",
    "",
  );
  show(
    "portico / nginx CPU per request:",
    ratio(portico, nginx, (o) => o.cpuPerRequestUs),
    "x",
    "",
  );
  show(
    "portico added p99 over direct, light load:",
    ratio(portico, direct, (o) => o.light?.p99, minus),
    " ms",
    "< 2 ms",
    3,
  );
  show(
    "nginx added p99 over direct, light load:",
    ratio(nginx, direct, (o) => o.light?.p99, minus),
    " ms",
    "",
    3,
  );
  show(
    "portico added p99 over direct, saturated:",
    ratio(portico, direct, (o) => o.p99, minus),
    " ms",
    "",
    1,
  );
  console.log(
    `\n(the load generator, the backend and the proxies share this machine's cores; ${Math.round((Date.now() - started) / 1000)} s)`,
  );
}
