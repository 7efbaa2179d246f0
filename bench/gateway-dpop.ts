/**
 * DPoP at the gateway: calls per second with a DPoP-bound token and a fresh proof per call, as a
 * ratio of the same calls with a bearer token, and the p99 latency DPoP adds. One Portico gateway
 * (src/main.ts, `--workers N`, 1 by default) in front of a small backend, the gateway bench's API (JWT,
 * subscription, scope, throttling and backend JWT on). Proofs are signed before each round, so the load
 * generator's own signing does not slow the DPoP rounds; the gateway verifies every one of them
 * (signature, htm, htu, iat, ath, key thumbprint) and records its jti. Rounds alternate and the
 * medians are printed, as the machines here are shared and noisy. Target: at least 0.7x.
 *
 * Run: npx tsx bench/gateway-dpop.ts [--workers N] [--duration S] [--rounds N] [--connections N]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { preparePortico } from "./gateway/portico-setup.ts";
import { freePort } from "./gateway/processes.ts";
import { median } from "./stats.ts";

const repo = path.resolve(import.meta.dirname, "..");
function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}
const WORKERS = option("workers", 1);
const DURATION_S = option("duration", 5);
const ROUNDS = option("rounds", 3);
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

/** Saturating load on keep-alive connections; `headers(i)` gives call i's headers. */
async function load(url: string, headers: (i: number) => Record<string, string>, limit = Infinity) {
  const { Pool } = await import("undici");
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: CONNECTIONS, pipelining: 1 });
  const samples: number[] = [];
  let next = 0;
  let failed = 0;
  const deadline = Date.now() + DURATION_S * 1000;
  const worker = async () => {
    while (Date.now() < deadline && next < limit) {
      const i = next++;
      const started = process.hrtime.bigint();
      const r = await pool.request({ path: target.pathname, method: "GET", headers: headers(i) });
      await r.body.dump();
      if (r.statusCode !== 200) failed++;
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (Date.now() - started) / 1000;
  await pool.close();
  samples.sort((a, b) => a - b);
  return { rps: samples.length / seconds, p99: samples[Math.floor(samples.length * 0.99)] ?? 0, failed };
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-bench-dpop-"));
  const backend = createServer((_req, res) => res.end('{"ok":true}'));
  await new Promise<void>((r) => backend.listen(0, "127.0.0.1", r));
  const backendUrl = `http://127.0.0.1:${(backend.address() as { port: number }).port}`;
  const key = dpopKey();
  const { env, token: bearer, boundToken } = await preparePortico(dir, backendUrl, { dpopJkt: key.jkt });
  const bound = boundToken as string;
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const { REDIS_URL: _none, ...inherited } = process.env;
  const gateway: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(repo, "packages/gateway/src/main.ts"), "--workers", String(WORKERS)],
    {
      cwd: repo,
      stdio: ["ignore", "pipe", "inherit"],
      env: {
        ...inherited,
        ...env,
        PORTICO_GATEWAY_HTTP_PORT: String(httpPort),
        PORTICO_GATEWAY_HTTPS_PORT: String(httpsPort),
        PORTICO_HOST: "127.0.0.1",
      },
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = "";
    gateway.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("gateway listening on")) resolve();
    });
    gateway.once("exit", (code) => reject(new Error(`the gateway exited ${code}`)));
  });
  const url = `http://127.0.0.1:${httpPort}/pizza/1.0.0/menu`;
  try {
    console.log(
      `DPoP bench: ${WORKERS} gateway worker(s), ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_S} s each\n`,
    );
    const warm = makeProofs(key, url, bound, 2_000);
    await load(url, () => ({ authorization: `Bearer ${bearer}` }), 2_000);
    await load(url, (i) => ({ authorization: `DPoP ${bound}`, dpop: warm[i] as string }), warm.length);
    const bearerRounds: Array<{ rps: number; p99: number }> = [];
    const dpopRounds: Array<{ rps: number; p99: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const b = await load(url, () => ({ authorization: `Bearer ${bearer}` }));
      const proofs = makeProofs(key, url, bound, Math.ceil(b.rps * DURATION_S * 1.5) + 1_000);
      const d = await load(
        url,
        (i) => ({ authorization: `DPoP ${bound}`, dpop: proofs[i] as string }),
        proofs.length,
      );
      if (b.failed || d.failed) throw new Error(`calls failed: bearer ${b.failed}, DPoP ${d.failed}`);
      bearerRounds.push(b);
      dpopRounds.push(d);
      console.log(
        `round ${round + 1}: bearer ${b.rps.toFixed(0)}/s p99 ${b.p99.toFixed(1)} ms; DPoP ${d.rps.toFixed(0)}/s p99 ${d.p99.toFixed(1)} ms; ratio ${(d.rps / b.rps).toFixed(2)}x`,
      );
    }
    const m = (rows: Array<{ rps: number; p99: number }>, k: "rps" | "p99") => median(rows.map((r) => r[k]));
    const ratio = median(dpopRounds.map((d, i) => d.rps / (bearerRounds[i]?.rps ?? 1)));
    console.log("\n| | calls/s | p99 |\n| --- | --- | --- |");
    console.log(
      `| bearer | ${m(bearerRounds, "rps").toFixed(0)} | ${m(bearerRounds, "p99").toFixed(1)} ms |`,
    );
    console.log(
      `| DPoP (proof per call) | ${m(dpopRounds, "rps").toFixed(0)} | ${m(dpopRounds, "p99").toFixed(1)} ms |`,
    );
    console.log(
      `| DPoP / bearer | ${ratio.toFixed(2)}x (target 0.7x) | +${(m(dpopRounds, "p99") - m(bearerRounds, "p99")).toFixed(1)} ms |`,
    );
  } finally {
    gateway.kill("SIGTERM");
    backend.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
