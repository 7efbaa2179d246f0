/**
 * Gateway throughput and latency, one run on one machine, the same backend behind each:
 *  - direct:       the load generator calls the backend itself;
 *  - nginx:        nginx as a plain reverse proxy (keep-alive upstream), skipped when not installed;
 *  - fast-gateway: a peer Node gateway from npm, security off (plain proxying);
 *  - portico:      Portico's gateway (the compiled dist/main.js that `npm start` runs, all cores)
 *                  with JWT validation, subscription, scope, throttling and backend JWT all on;
 *  - portico +:    the same gateway and security on a second API that also has request
 *                  validation, threat protection and an IP rate limit attached.
 * Every target is measured in turn, for several rounds (the machines here are shared and noisy);
 * prints the median requests/s and p50/p99 latency for each, and the median of the per-round
 * ratios. Bounded: about 3 minutes with the defaults.
 * Every target is warmed up for 5 s before the first round, and 2 s before each measurement.
 *
 * Run: npx tsx bench/gateway.ts [--only direct,nginx,fast-gateway,portico] [--workers N] [--duration S]
 *      [--rate N] [--rounds N] [--cpu-prof DIR]
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { buildServices, compiledEntry } from "../scripts/build-services.ts";
import { nginxAvailable, startNginx } from "./gateway/nginx.ts";
import { preparePortico } from "./gateway/portico-setup.ts";
import { freePort, startChild, stop, treeCpuMs } from "./gateway/processes.ts";
import { fmt, type Outcome, printReport } from "./gateway/report.ts";

const WARMUP_S = 2;
/** before the first round, each target serves this long */
const FIRST_WARMUP_S = 5;
/** the light-load latency phase: this many calls in flight, for this long */
const LIGHT_CONCURRENCY = 4;
const LIGHT_S = 3;
const CONNECTIONS = 64;
const here = import.meta.dirname;
const role = process.argv[2];
/** The value after `--name` on the command line. */
function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}
/** `--only name,name` runs a subset (direct, nginx, fast-gateway, portico). */
const onlyOption = option("only");
const only = onlyOption === undefined ? undefined : new Set(onlyOption.split(","));
/** `--workers N` runs Portico with N workers (all cores by default); `--cpu-prof DIR` profiles it. */
const porticoWorkers = option("workers");
const cpuProfileDir = option("cpu-prof");
/** `--duration S`: seconds of measured load per target (6 by default) */
const DURATION_S = Number(option("duration") ?? 6);
/** `--rate N`: offer N requests/s instead of saturating (CPU per request with less contention) */
const RATE = option("rate") === undefined ? undefined : Number(option("rate"));
/** `--rounds N`: every target is measured N times, in turn; medians are reported (3 by default) */
const ROUNDS = Number(option("rounds") ?? 3);
const wanted = (name: string) => !only || only.has(name);

// ------------------------------------------------------------------ child roles

if (role === "backend") {
  const port = Number(process.argv[3]);
  const body = JSON.stringify({ menu: ["margherita", "marinara", "diavola"] });
  createHttpServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    });
  }).listen(port, "127.0.0.1", () => process.stdout.write("ready\n")).keepAliveTimeout = 65_000;
} else if (role === "fast-gateway") {
  const [port, backendPort] = [Number(process.argv[3]), Number(process.argv[4])];
  const { default: gateway } = (await import("fast-gateway")) as {
    default: (o: unknown) => { start(p: number, h?: string): Promise<unknown> };
  };
  await gateway({ routes: [{ prefix: "/pizza/1.0.0", target: `http://127.0.0.1:${backendPort}` }] }).start(
    port,
    "127.0.0.1",
  );
  process.stdout.write("ready\n");
} else {
  await runBench();
}

// ------------------------------------------------------------------ the bench

/** The parts of autocannon's result the bench reads. */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function load(
  name: string,
  url: string,
  headers: Record<string, string> = {},
  proxyPid?: number,
): Promise<Outcome> {
  const { default: autocannon } = (await import("autocannon")) as {
    default: (o: unknown) => Promise<AutocannonResult>;
  };
  const rate = RATE === undefined ? {} : { overallRate: RATE };
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S, headers, ...rate });
  const before = treeCpuMs(proxyPid);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers, ...rate });
  const after = treeCpuMs(proxyPid);
  const cpu =
    before !== undefined && after !== undefined && r.requests.total > 0
      ? ((after - before) * 1000) / r.requests.total
      : undefined;
  const light = await lightLoad(url, headers);
  return {
    name,
    light,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx + r.errors + r.timeouts,
    ...(cpu !== undefined ? { cpuPerRequestUs: cpu } : {}),
  };
}

/**
 * Latency without queueing: a few calls in flight on keep-alive connections, each timed with
 * hrtime (autocannon's histogram has whole-millisecond resolution).
 */
async function lightLoad(
  url: string,
  headers: Record<string, string>,
): Promise<{ p50: number; p99: number }> {
  const { Pool } = await import("undici");
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: LIGHT_CONCURRENCY });
  const samples: number[] = [];
  const deadline = Date.now() + LIGHT_S * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = process.hrtime.bigint();
      const r = await pool.request({ path: target.pathname + target.search, method: "GET", headers });
      await r.body.dump();
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: LIGHT_CONCURRENCY }, worker));
  await pool.close();
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

/** One target under test: where to send load and which process tree to charge CPU to. */
interface Target {
  name: string;
  url: string;
  headers?: Record<string, string>;
  pid?: number;
  note?: string;
}

/** Starts every wanted proxy once; they stay up (idle) while the others are measured. */
async function startTargets(dir: string, backendUrl: string, backendPort: number, children: ChildProcess[]) {
  const targets: Target[] = [];
  if (wanted("direct")) targets.push({ name: "direct", url: `${backendUrl}/menu` });
  if (!wanted("nginx")) {
    // not asked for
  } else if (nginxAvailable()) {
    const port = await freePort();
    const nginx = await startNginx(dir, port, backendPort);
    children.push(nginx);
    targets.push({
      name: "nginx (plain proxy)",
      url: `http://127.0.0.1:${port}/pizza/1.0.0/menu`,
      ...(nginx.pid ? { pid: nginx.pid } : {}),
      note: "worker_processes auto",
    });
  } else {
    console.log("note: nginx is not installed; skipping it (apt-get install -y nginx)\n");
  }
  if (wanted("fast-gateway")) {
    const port = await freePort();
    const peer = await startChild(
      ["--import", "tsx", path.join(here, "gateway.ts"), "fast-gateway", String(port), String(backendPort)],
      process.env,
      "ready",
    );
    children.push(peer);
    targets.push({
      name: "fast-gateway 3.4.7 (security off)",
      url: `http://127.0.0.1:${port}/pizza/1.0.0/menu`,
      ...(peer.pid ? { pid: peer.pid } : {}),
      note: "one process",
    });
  }
  if (wanted("portico")) {
    const { env, token } = await preparePortico(dir, backendUrl);
    await buildServices();
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const { REDIS_URL: _none, ...inherited } = process.env;
    const portico = await startChild(
      [
        ...(cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : []),
        compiledEntry("gateway"),
        ...(porticoWorkers ? ["--workers", porticoWorkers] : []),
      ],
      {
        ...inherited,
        ...env,
        PORTICO_GATEWAY_HTTP_PORT: String(httpPort),
        PORTICO_GATEWAY_HTTPS_PORT: String(httpsPort),
        PORTICO_HOST: "127.0.0.1",
      },
      "gateway listening on",
    );
    children.push(portico);
    const url = `http://127.0.0.1:${httpPort}/pizza/1.0.0/menu`;
    const headers = { authorization: `Bearer ${token}` };
    const check = await fetch(url, { headers });
    await check.text();
    if (check.status !== 200) throw new Error(`Portico answered ${check.status} to the bench token`);
    targets.push({
      name: "portico (JWT+sub+scope+throttle+backend JWT)",
      url,
      headers,
      ...(portico.pid ? { pid: portico.pid } : {}),
      note: `${porticoWorkers ?? availableParallelism()} workers`,
    });
    const guarded = `http://127.0.0.1:${httpPort}/guarded/1.0.0/menu?size=large`;
    const guardedCheck = await fetch(guarded, { headers });
    await guardedCheck.text();
    if (guardedCheck.status !== 200)
      throw new Error(`Portico answered ${guardedCheck.status} on the guarded API`);
    targets.push({
      name: "portico + validation+threat+IP throttle",
      url: guarded,
      headers,
      ...(portico.pid ? { pid: portico.pid } : {}),
      note: "the same gateway, three policies attached",
    });
  }
  return targets;
}

async function runBench(): Promise<void> {
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), "portico-bench-"));
  const children: ChildProcess[] = [];
  /** one list of outcomes per round, in target order */
  const rounds: Outcome[][] = [];
  let targets: Target[] = [];
  try {
    const backendPort = await freePort();
    children.push(
      await startChild(
        ["--import", "tsx", path.join(here, "gateway.ts"), "backend", String(backendPort)],
        process.env,
        "ready",
      ),
    );
    const backendUrl = `http://127.0.0.1:${backendPort}`;
    console.log(
      `gateway bench: ${availableParallelism()} cores; ${ROUNDS} rounds, each target in turn; throughput: autocannon, ${CONNECTIONS} connections${RATE === undefined ? "" : ` at ${RATE} req/s`}, ${WARMUP_S} s warm-up + ${DURATION_S} s; light-load latency: ${LIGHT_CONCURRENCY} calls in flight for ${LIGHT_S} s\n`,
    );
    targets = await startTargets(dir, backendUrl, backendPort, children);
    // Every target first serves a while, so JIT-compiled proxies are measured in their steady
    // state and not while still compiling; nginx gets the same.
    const { default: autocannon } = (await import("autocannon")) as {
      default: (o: unknown) => Promise<AutocannonResult>;
    };
    for (const t of targets)
      await autocannon({
        url: t.url,
        connections: CONNECTIONS,
        duration: FIRST_WARMUP_S,
        headers: t.headers ?? {},
      });
    for (let round = 0; round < ROUNDS; round++) {
      // The two Portico rows share one gateway and are compared with each other: every other
      // round measures them in the opposite order, so neither always runs right after the other
      // (and after what it leaves behind) on a shared host.
      const order = targets.map((_, i) => i);
      const porticoRows = order.filter((i) => targets[i]?.name.startsWith("portico"));
      if (round % 2 === 1 && porticoRows.length === 2) {
        const [a, b] = porticoRows as [number, number];
        [order[a], order[b]] = [b, a];
      }
      const outcomes: Outcome[] = new Array(targets.length);
      for (const i of order) {
        const t = targets[i] as Target;
        outcomes[i] = {
          ...(await load(t.name, t.url, t.headers, t.pid)),
          ...(t.note ? { note: t.note } : {}),
        };
      }
      rounds.push(outcomes);
      const line = outcomes.map((o) => `${o.name.split(" ")[0]} ${fmt(o.rps)}`).join(", ");
      console.log(`round ${round + 1}: ${line} req/s`);
    }
  } finally {
    for (const c of children) await stop(c);
    rmSync(dir, { recursive: true, force: true });
  }

  printReport(targets, rounds, started);
}
