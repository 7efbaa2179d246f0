/**
 * Client-credentials tokens per second: Portico's key manager (SQLite, JWT access tokens, an
 * AccessToken row per token) beside oidc-provider from npm configured for the same grant (JWT
 * access tokens signed with ES256 for the same audience, in-memory adapter), on the same
 * machine in one run. Each server runs in its own process over HTTPS with the same local CA
 * certificate; one load generator (undici, keep-alive) drives both in turn. Prints the median
 * of several rounds, with p99 latency, server CPU per token, and the ratios.
 *
 * Run: npx tsx bench/keymanager.ts [--rounds 3] [--seconds 4] [--concurrency 32] [--profile DIR]
 * (--profile writes each server's V8 CPU profile into DIR)
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { hashSecret, serverTlsOptions } from "@portico/crypto";
import { createDb, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import { startKeyManager } from "@portico/keymanager";
import { exportJWK, generateKeyPair } from "jose";
import { Pool } from "undici";
import { median } from "./stats.ts";

const AUDIENCE = "https://gateway.example.test";
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};

interface Target {
  name: string;
  pid?: number;
  origin: string;
  path: string;
  authorization: string;
  ca: string;
}

// ---------------------------------------------------------------- servers (child processes)

async function servePortico(dataDir: string): Promise<Omit<Target, "name" | "ca">> {
  const databaseUrl = `file:${path.join(dataDir, "portico.db")}`;
  await migrateDatabase(databaseUrl);
  const db = createDb(databaseUrl);
  await seedPlatform(db, { issuer: "https://localhost" });
  const owner = await db.user.create({ data: { username: "bench" } });
  const application = await db.application.create({ data: { name: "bench", ownerId: owner.id } });
  const resident = await db.keyManager.findFirstOrThrow({ where: { type: "RESIDENT" } });
  const secret = randomBytes(24).toString("base64url");
  await db.oAuthClient.create({
    data: {
      clientId: "bench-client",
      name: "bench",
      applicationId: application.id,
      keyManagerId: resident.id,
      grantTypes: ["client_credentials"],
      secrets: { create: [{ secretHash: await hashSecret(secret), hint: secret.slice(-4) }] },
    },
  });
  const km = await startKeyManager({
    db,
    dataDir,
    port: 0,
    audience: AUDIENCE,
    logLevel: "error",
    configuration: {
      limits: {
        tokenPerClient: { limit: 1e9, windowSeconds: 1 },
        tokenPerAddress: { limit: 1e9, windowSeconds: 1 },
      },
    },
  });
  return {
    origin: km.url,
    path: "/oauth2/token",
    authorization: `Basic ${Buffer.from(`bench-client:${secret}`).toString("base64")}`,
  };
}

async function serveOidcProvider(dataDir: string): Promise<Omit<Target, "name" | "ca">> {
  const { default: Provider } = await import("oidc-provider");
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const secret = randomBytes(24).toString("base64url");
  const tls = await serverTlsOptions({ dataDir });
  let issuer = "";
  let handler: ((req: never, res: never) => void) | undefined;
  const server = createServer(tls, (req, res) => handler?.(req as never, res as never));
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  issuer = `https://localhost:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "bench-client",
        client_secret: secret,
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: "client_secret_basic",
        id_token_signed_response_alg: "ES256",
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: "ES256", use: "sig", kid: "bench" }] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: "",
          audience: AUDIENCE,
          accessTokenTTL: 3600,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "ES256" } },
        }),
      },
    },
  });
  provider.proxy = false;
  handler = provider.callback() as never;
  return {
    origin: issuer,
    path: "/token",
    authorization: `Basic ${Buffer.from(`bench-client:${secret}`).toString("base64")}`,
  };
}

if (argv[0] === "--serve") {
  const which = argv[1];
  const dataDir = argv[2] as string;
  const target = which === "portico" ? await servePortico(dataDir) : await serveOidcProvider(dataDir);
  process.stdout.write(`${JSON.stringify(target)}\n`);
  process.on("SIGTERM", () => process.exit(0));
} else {
  await main();
}

// ---------------------------------------------------------------- load generator

async function startChild(
  which: string,
  dataDir: string,
): Promise<{ child: ChildProcess; target: Omit<Target, "name" | "ca"> }> {
  const profileDir = argv.includes("--profile") ? argv[argv.indexOf("--profile") + 1] : undefined;
  const profile = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, "--import", "tsx", import.meta.filename, "--serve", which, dataDir],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    if (line.startsWith("{")) return { child, target: JSON.parse(line) };
  }
  throw new Error(`${which} server did not start`);
}

/** CPU seconds a process has used (Linux /proc), to show the server's cost per token beside its rate. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

interface RoundResult {
  rate: number;
  p99: number;
  errors: number;
  /** server CPU milliseconds per token */
  cpuMs?: number;
}

async function round(target: Target, seconds: number, concurrency: number): Promise<RoundResult> {
  const url = new URL(target.origin);
  const pool = new Pool(url.origin, { connections: concurrency, connect: { ca: target.ca } });
  const body = "grant_type=client_credentials";
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    authorization: target.authorization,
  };
  const latencies: number[] = [];
  let errors = 0;
  const one = async () => {
    const started = performance.now();
    const res = await pool.request({ method: "POST", path: target.path, headers, body });
    const text = await res.body.text();
    if (res.statusCode !== 200 || !text.includes("access_token")) errors++;
    return performance.now() - started;
  };
  // warm up: connections, caches, JIT
  const warmUntil = performance.now() + 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < warmUntil) await one();
    }),
  );
  errors = 0;
  const cpuBefore = cpuSeconds(target.pid);
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) latencies.push(await one());
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuAfter = cpuSeconds(target.pid);
  await pool.close();
  latencies.sort((a, b) => a - b);
  const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
  const cpuMs =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? ((cpuAfter - cpuBefore) * 1000) / latencies.length
      : undefined;
  return { rate: latencies.length / elapsed, p99, errors, cpuMs };
}

async function main() {
  const rounds = option("rounds", 5);
  const seconds = option("seconds", 4);
  const concurrency = option("concurrency", 32);
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-bench-km-"));
  const portico = await startChild("portico", dataDir);
  const oidc = await startChild("oidc-provider", dataDir);
  const ca = readFileSync(path.join(dataDir, "tls", "ca.pem"), "utf8");
  const targets: Target[] = [
    { name: "Portico (SQLite)", ca, pid: portico.child.pid, ...portico.target },
    { name: "oidc-provider (memory)", ca, pid: oidc.child.pid, ...oidc.target },
  ];
  const results = new Map<string, RoundResult[]>();
  try {
    for (let r = 0; r < rounds; r++) {
      // alternate the order so neither always runs on a warmer machine
      for (const target of r % 2 === 0 ? targets : [...targets].reverse()) {
        const result = await round(target, seconds, concurrency);
        results.set(target.name, [...(results.get(target.name) ?? []), result]);
      }
    }
  } finally {
    portico.child.kill("SIGTERM");
    oidc.child.kill("SIGTERM");
  }
  console.log(
    `client_credentials tokens/s, median of ${rounds} rounds of ${seconds}s, ${concurrency} concurrent requests over HTTPS keep-alive`,
  );
  const summary = targets.map((t) => {
    const rs = results.get(t.name) ?? [];
    const cpu = rs.map((r) => r.cpuMs).filter((c): c is number => c !== undefined);
    return {
      name: t.name,
      rate: median(rs.map((r) => r.rate)),
      p99: median(rs.map((r) => r.p99)),
      errors: rs.reduce((n, r) => n + r.errors, 0),
      cpuMs: cpu.length ? median(cpu) : undefined,
    };
  });
  for (const s of summary) {
    const cpu = s.cpuMs === undefined ? "" : `   server CPU ${s.cpuMs.toFixed(2)} ms/token`;
    console.log(
      `  ${s.name.padEnd(24)} ${s.rate.toFixed(0).padStart(7)} tokens/s   p99 ${s.p99.toFixed(1).padStart(6)} ms   errors ${s.errors}${cpu}`,
    );
  }
  const [ours, theirs] = summary;
  if (ours && theirs) {
    console.log(`  ratio Portico / oidc-provider: ${(ours.rate / theirs.rate).toFixed(2)}x tokens/s`);
    // On a shared machine the rate follows how much CPU the OS gave each server in its round;
    // tokens per CPU-second is the capacity each would have on a core of its own.
    if (ours.cpuMs && theirs.cpuMs) {
      console.log(`  ratio of tokens per server CPU-second: ${(theirs.cpuMs / ours.cpuMs).toFixed(2)}x`);
    }
  }
}
