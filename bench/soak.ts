/**
 * Soak: the compiled gateway (all cores, full security: JWT, subscription, scope, two tiers,
 * backend JWT) under a steady 80% of the peak it measured first, for 10 minutes. Every minute it
 * prints the calls, the errors (non-2xx, connection errors, timeouts), the p99 latency, and the
 * resident memory of each gateway process and of the backend. Memory must stay flat: after the
 * first minute (warm-up), no process may grow more than 10% (the verdict line says which did).
 *
 * Run: npm run bench -- soak [--minutes N] [--peak-seconds S]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { buildServices, compiledEntry } from "../scripts/build-services.ts";
import { preparePortico } from "./gateway/portico-setup.ts";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const value = i === -1 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`--${name} takes a positive number\n`);
    process.exit(2);
  }
  return value;
}
const MINUTES = option("minutes", 10);
const PEAK_SECONDS = option("peak-seconds", 10);
const CONNECTIONS = 64;
const here = import.meta.dirname;

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function startChild(args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes(ready)) resolve(child);
    });
    child.stderr?.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited ${code}: ${out}`)));
  });
}

/** The pids of a process and its descendants (Linux /proc). */
function tree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++)
    for (const [pid, parent] of parents) if (parent === found[i]) found.push(pid);
  return found;
}

/** Resident memory in MiB (VmRSS), or 0 when the process is gone. */
function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

interface Result {
  requests: { total: number; average: number };
  latency: { p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
const run = (o: Record<string, unknown>) => autocannon(o) as Promise<Result>;

const dir = mkdtempSync(path.join(tmpdir(), "portico-soak-"));
const children: ChildProcess[] = [];
try {
  await buildServices();
  const backendPort = await freePort();
  const backend = await startChild(
    ["--import", "tsx", path.join(here, "gateway.ts"), "backend", String(backendPort)],
    process.env,
    "ready",
  );
  children.push(backend);
  const { env, token } = await preparePortico(dir, `http://127.0.0.1:${backendPort}`);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const { REDIS_URL: _none, ...inherited } = process.env;
  const gateway = await startChild(
    [compiledEntry("gateway")],
    {
      ...inherited,
      ...env,
      PORTICO_GATEWAY_HTTP_PORT: String(httpPort),
      PORTICO_GATEWAY_HTTPS_PORT: String(httpsPort),
      PORTICO_HOST: "127.0.0.1",
    },
    "gateway listening on",
  );
  children.push(gateway);
  const url = `http://127.0.0.1:${httpPort}/pizza/1.0.0/menu`;
  const headers = { authorization: `Bearer ${token}` };

  await run({ url, headers, connections: CONNECTIONS, duration: 5 });
  const peak = await run({ url, headers, connections: CONNECTIONS, duration: PEAK_SECONDS });
  const rate = Math.round(peak.requests.average * 0.8);
  console.log(
    `soak: peak ${Math.round(peak.requests.average)} req/s (${PEAK_SECONDS} s, ${CONNECTIONS} connections); ${MINUTES} min at ${rate} req/s (80%)\n`,
  );
  const names = () => [
    ...tree(gateway.pid ?? 0).map((pid, i) => (i === 0 ? `gw primary ${pid}` : `gw worker ${pid}`)),
    `backend ${backend.pid}`,
  ];
  const pids = () => [...tree(gateway.pid ?? 0), backend.pid ?? 0];
  console.log(`minute | calls | errors | p99 ms | RSS MiB (${names().join(", ")})`);
  const samples: number[][] = [];
  for (let minute = 1; minute <= MINUTES; minute++) {
    const r = await run({ url, headers, connections: CONNECTIONS, duration: 60, overallRate: rate });
    const rss = pids().map(rssMiB);
    samples.push(rss);
    console.log(
      `${String(minute).padStart(6)} | ${String(r.requests.total).padStart(7)} | ${String(r.non2xx + r.errors + r.timeouts).padStart(6)} | ${String(r.latency.p99).padStart(6)} | ${rss.map((m) => m.toFixed(1)).join(", ")}`,
    );
  }
  const first = samples[0] ?? [];
  const last = samples.at(-1) ?? [];
  const grown = first
    .map((m, i) => ({ name: names()[i] ?? String(i), growth: m > 0 ? ((last[i] ?? 0) - m) / m : 0 }))
    .filter((g) => g.growth > 0.1);
  console.log(
    `\nmemory after warm-up (minute 1 to ${MINUTES}): ${
      grown.length === 0
        ? "flat (every process within 10%)"
        : `grew more than 10%: ${grown.map((g) => `${g.name} +${(g.growth * 100).toFixed(0)}%`).join(", ")}`
    }`,
  );
} finally {
  for (const child of children) child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
