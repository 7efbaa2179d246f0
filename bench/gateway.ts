/**
 * Gateway throughput and latency, one run on one machine, the same backend behind each:
 *  - direct:       the load generator calls the backend itself;
 *  - nginx:        nginx as a plain reverse proxy (keep-alive upstream), skipped when not installed;
 *  - fast-gateway: a peer Node gateway from npm, security off (plain proxying);
 *  - portico:      Portico's gateway (the compiled dist/main.js that `npm start` runs, all cores)
 *                  with JWT validation, subscription, scope, throttling and backend JWT all on.
 * Every target is measured in turn, for several rounds (the machines here are shared and noisy);
 * prints the median requests/s and p50/p99 latency for each, and the median of the per-round
 * ratios. Bounded: about 3 minutes with the defaults.
 * Every target is warmed up for 5 s before the first round, and 2 s before each measurement.
 *
 * Run: npx tsx bench/gateway.ts [--only direct,nginx,fast-gateway,portico] [--workers N] [--duration S]
 *      [--rate N] [--rounds N] [--cpu-prof DIR]
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { buildServices, compiledEntry } from "../scripts/build-services.ts";
import { preparePortico } from "./prepare-portico.ts";
import { median } from "./stats.ts";

const WARMUP_S = 2;
/** before the first round, each target serves this long */
const FIRST_WARMUP_S = 5;
/** the light-load latency phase: this many calls in flight, for this long */
const LIGHT_CONCURRENCY = 4;
const LIGHT_S = 3;
const CONNECTIONS = 64;
const here = import.meta.dirname;
const repo = path.resolve(here, "..");
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

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

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

interface Outcome {
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

/** The parts of autocannon's result the bench reads. */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** utime+stime of a process and all its descendants, in ms (Linux /proc; undefined elsewhere). */
function treeCpuMs(rootPid: number | undefined): number | undefined {
  if (!rootPid) return undefined;
  try {
    const stats = readdirSync("/proc")
      .filter((d) => /^\d+$/.test(d))
      .flatMap((d) => {
        try {
          const text = readFileSync(`/proc/${d}/stat`, "utf8");
          const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
          return [
            { pid: Number(d), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) },
          ];
        } catch {
          return [];
        }
      });
    const inTree = new Set([rootPid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of stats)
        if (!inTree.has(s.pid) && inTree.has(s.ppid)) {
          inTree.add(s.pid);
          grew = true;
        }
    }
    return (stats.filter((s) => inTree.has(s.pid)).reduce((n, s) => n + s.ticks, 0) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function startChild(args: string[], env: NodeJS.ProcessEnv, readyText: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"], cwd: repo });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start: ${err}`)), 30_000);
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes(readyText)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(" ")} exited ${code}: ${err}`));
    });
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, 5_000).unref();
  });
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

function nginxAvailable(): boolean {
  return spawnSync("nginx", ["-v"], { stdio: "ignore" }).status === 0;
}

async function startNginx(dir: string, port: number, backendPort: number): Promise<ChildProcess> {
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;
worker_processes auto;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location /pizza/1.0.0/ {
      proxy_pass http://backend/;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const child = spawn("nginx", ["-p", dir, "-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  // nginx prints nothing when ready: wait until the port answers.
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/pizza/1.0.0/menu`);
      await r.text();
      if (r.ok) return child;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop(child);
  throw new Error("nginx did not start");
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
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
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    const { REDIS_URL: _none, ...inherited } = process.env;
    await buildServices();
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
      const outcomes: Outcome[] = [];
      for (const t of targets)
        outcomes.push({
          ...(await load(t.name, t.url, t.headers, t.pid)),
          ...(t.note ? { note: t.note } : {}),
        });
      rounds.push(outcomes);
      const line = outcomes.map((o) => `${o.name.split(" ")[0]} ${fmt(o.rps)}`).join(", ");
      console.log(`round ${round + 1}: ${line} req/s`);
    }
  } finally {
    for (const c of children) await stop(c);
    rmSync(dir, { recursive: true, force: true });
  }

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
  const portico = index("portico");
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
