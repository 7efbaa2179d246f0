/**
 * DPoP at the gateway: calls per second with a DPoP-bound token and a fresh proof per call, as a
 * ratio of the same calls with a bearer token, the gateway's CPU time per call for each, and the
 * p99 latency DPoP adds. One compiled Portico gateway (dist/main.js, as `npm start` runs it;
 * `--workers N`, 1 by default) in front of a small backend, the gateway bench's API (JWT,
 * subscription, scope, throttling and backend JWT on). Proofs are signed before each round, so the
 * load generator's own signing does not slow the DPoP phases; the gateway verifies every one of
 * them (signature, htm, htu, iat, ath, key thumbprint) and records its jti.
 *
 * The method, and why (earlier runs read 0.56x-1.77x of bearer):
 * - one pool of keep-alive connections serves the warm-up and every phase, so neither kind pays
 *   for opening connections the other reuses;
 * - both kinds are warmed up for a fixed time (JIT, the token cache, the jti store) before any
 *   round is measured, not for a fixed number of calls;
 * - the rounds alternate which kind goes first (bearer, DPoP; then DPoP, bearer; ...), so whatever
 *   the other phase leaves behind (garbage, a full jti store, a neighbour's burst) falls on both;
 * - the gateway's own CPU time per call (its process tree, from /proc) is measured beside the
 *   throughput: on a shared host throughput follows the neighbours, CPU per call much less so.
 *
 * Run: npx tsx bench/gateway-dpop.ts [--workers N] [--duration S] [--warmup S] [--rounds N] [--connections N]
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildServices, compiledEntry } from "../scripts/build-services.ts";
import { preparePortico } from "./gateway/portico-setup.ts";
import { freePort, startChild, stop, treeCpuMs } from "./gateway/processes.ts";
import { median } from "./stats.ts";

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const WORKERS = option("workers", 1);
const DURATION_S = option("duration", 5);
const WARMUP_S = option("warmup", 5);
const ROUNDS = option("rounds", 6);
const CONNECTIONS = option("connections", 32);

const b64 = (value: Buffer | string) => Buffer.from(value).toString("base64url");

/** The DPoP key pair as the client holds it, and its RFC 7638 thumbprint. */
function dpopKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" }) as { kty: string; crv: string; x: string; y: string };
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  const jkt = createHash("sha256").update(canonical).digest("base64url");
  const header = b64(JSON.stringify({ typ: "dpop+jwt", alg: "ES256", jwk: JSON.parse(canonical) }));
  return { privateKey: createPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" })), jkt, header };
}

function makeProofs(key: ReturnType<typeof dpopKey>, url: string, token: string, count: number): string[] {
  const ath = createHash("sha256").update(token).digest("base64url");
  const iat = Math.floor(Date.now() / 1000);
  const proofs: string[] = [];
  for (let i = 0; i < count; i++) {
    const input = `${key.header}.${b64(JSON.stringify({ jti: randomUUID(), htm: "GET", htu: url, iat, ath }))}`;
    proofs.push(
      `${input}.${b64(sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" }))}`,
    );
  }
  return proofs;
}

interface Phase {
  rps: number;
  p99: number;
  failed: number;
  /** the gateway's CPU time per call, µs (undefined off Linux) */
  cpuUs: number | undefined;
  /** the phase ran out of prepared proofs before its time was up */
  short: boolean;
}

/** Saturating load for `seconds` over the shared pool; `headers(i)` gives call i's headers. */
async function load(
  pool: import("undici").Pool,
  path: string,
  gatewayPid: number | undefined,
  seconds: number,
  headers: (i: number) => Record<string, string>,
  limit = Infinity,
): Promise<Phase> {
  const samples: number[] = [];
  let next = 0;
  let failed = 0;
  const deadline = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < deadline && next < limit) {
      const i = next++;
      const started = process.hrtime.bigint();
      const r = await pool.request({ path, method: "GET", headers: headers(i) });
      await r.body.dump();
      if (r.statusCode !== 200) failed++;
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  const cpuBefore = treeCpuMs(gatewayPid);
  const started = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const elapsed = (Date.now() - started) / 1000;
  const cpuAfter = treeCpuMs(gatewayPid);
  samples.sort((a, b) => a - b);
  return {
    rps: samples.length / elapsed,
    p99: samples[Math.floor(samples.length * 0.99)] ?? 0,
    failed,
    cpuUs:
      cpuBefore !== undefined && cpuAfter !== undefined && samples.length > 0
        ? ((cpuAfter - cpuBefore) * 1000) / samples.length
        : undefined,
    short: next >= limit && Date.now() < deadline,
  };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-bench-dpop-"));
  const backend = createServer((_req, res) => res.end('{"ok":true}'));
  await new Promise<void>((r) => backend.listen(0, "127.0.0.1", r));
  const backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
  const key = dpopKey();
  const { env, token: bearer, boundToken } = await preparePortico(dir, backendUrl, { dpopJkt: key.jkt });
  const bound = boundToken as string;
  await buildServices();
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const { REDIS_URL: _none, ...inherited } = process.env;
  const gateway = await startChild(
    [compiledEntry("gateway"), "--workers", String(WORKERS)],
    {
      ...inherited,
      ...env,
      PORTICO_GATEWAY_HTTP_PORT: String(httpPort),
      PORTICO_GATEWAY_HTTPS_PORT: String(httpsPort),
      PORTICO_HOST: "127.0.0.1",
    },
    "gateway listening on",
  );
  const url = `http://127.0.0.1:${httpPort}/pizza/1.0.0/menu`;
  const { Pool } = await import("undici");
  const pool = new Pool(new URL(url).origin, { connections: CONNECTIONS, pipelining: 1 });
  const menu = new URL(url).pathname;
  const bearerHeaders = () => ({ authorization: `Bearer ${bearer}` });
  let expected = 5_000;
  const dpopPhase = async (seconds: number) => {
    const proofs = makeProofs(key, url, bound, Math.ceil(expected * seconds * 1.5) + 1_000);
    const phase = await load(
      pool,
      menu,
      gateway.pid,
      seconds,
      (i) => ({ authorization: `DPoP ${bound}`, dpop: proofs[i] as string }),
      proofs.length,
    );
    expected = Math.max(expected, phase.rps);
    return phase;
  };
  const bearerPhase = async (seconds: number) => {
    const phase = await load(pool, menu, gateway.pid, seconds, bearerHeaders);
    expected = Math.max(expected, phase.rps);
    return phase;
  };
  try {
    console.log(
      `DPoP bench: ${WORKERS} gateway worker(s), ${CONNECTIONS} connections, ${WARMUP_S} s warm-up of each, ${ROUNDS} rounds of ${DURATION_S} s per kind, alternating which goes first\n`,
    );
    await bearerPhase(WARMUP_S);
    await dpopPhase(WARMUP_S);
    const bearerRounds: Phase[] = [];
    const dpopRounds: Phase[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let b: Phase;
      let d: Phase;
      if (round % 2 === 0) {
        b = await bearerPhase(DURATION_S);
        d = await dpopPhase(DURATION_S);
      } else {
        d = await dpopPhase(DURATION_S);
        b = await bearerPhase(DURATION_S);
      }
      if (b.failed || d.failed) throw new Error(`calls failed: bearer ${b.failed}, DPoP ${d.failed}`);
      bearerRounds.push(b);
      dpopRounds.push(d);
      const cpu =
        b.cpuUs !== undefined && d.cpuUs !== undefined
          ? `; CPU/call ${b.cpuUs.toFixed(0)} vs ${d.cpuUs.toFixed(0)} µs (${(b.cpuUs / d.cpuUs).toFixed(2)}x)`
          : "";
      console.log(
        `round ${round + 1} (${round % 2 === 0 ? "bearer first" : "DPoP first"}): bearer ${b.rps.toFixed(0)}/s p99 ${b.p99.toFixed(1)} ms; DPoP ${d.rps.toFixed(0)}/s p99 ${d.p99.toFixed(1)} ms${d.short ? " (ran out of proofs)" : ""}; ratio ${(d.rps / b.rps).toFixed(2)}x${cpu}`,
      );
    }
    const m = (rows: Phase[], k: "rps" | "p99") => median(rows.map((r) => r[k]));
    const ratio = median(dpopRounds.map((d, i) => d.rps / (bearerRounds[i]?.rps ?? 1)));
    const cpuRatios = dpopRounds.flatMap((d, i) => {
      const b = bearerRounds[i]?.cpuUs;
      return d.cpuUs !== undefined && b !== undefined ? [b / d.cpuUs] : [];
    });
    const cpuOf = (rows: Phase[]) => median(rows.flatMap((r) => (r.cpuUs === undefined ? [] : [r.cpuUs])));
    console.log("\n| | calls/s | gateway CPU per call | p99 |\n| --- | --- | --- | --- |");
    console.log(
      `| bearer | ${m(bearerRounds, "rps").toFixed(0)} | ${cpuOf(bearerRounds).toFixed(0)} µs | ${m(bearerRounds, "p99").toFixed(1)} ms |`,
    );
    console.log(
      `| DPoP (proof per call) | ${m(dpopRounds, "rps").toFixed(0)} | ${cpuOf(dpopRounds).toFixed(0)} µs | ${m(dpopRounds, "p99").toFixed(1)} ms |`,
    );
    console.log(
      `| DPoP / bearer (medians of per-round ratios) | ${ratio.toFixed(2)}x (target 0.7x) | ${cpuRatios.length ? `${median(cpuRatios).toFixed(2)}x (bearer's CPU / DPoP's)` : "n/a"} | +${(m(dpopRounds, "p99") - m(bearerRounds, "p99")).toFixed(1)} ms |`,
    );
    console.log(
      `\nper-round throughput ratios: ${dpopRounds.map((d, i) => (d.rps / (bearerRounds[i]?.rps ?? 1)).toFixed(2)).join(", ")}`,
    );
  } finally {
    await pool.close();
    await stop(gateway);
    backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
