// npm start: brings the whole platform up on one machine.
// Builds what is not built, migrates, seeds the demo on first run, starts the sample backend,
// key manager, gateway and both portals, prints the addresses and first-login credentials,
// restarts a service that crashes (with backoff) while the others keep serving, and stops
// everything cleanly on Ctrl-C.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ensureLocalTls, loadOrCreateMasterKeyring } from "@portico/crypto";
import { createDb, type FirstLogin, seedAdmin, seedDemo, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import { settingsOrExit } from "@portico/settings";
import { repoRoot } from "@portico/settings/paths";
import { Agent } from "undici";
import { buildServices, type CompiledService, compiledEntry, newestSource } from "./build-services";

const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const serviceNames = ["backend", "keymanager", "gateway", "publisher", "devportal"] as const;
type ServiceName = (typeof serviceNames)[number];
// --only backend,keymanager,gateway runs just those services (the API side without the portals,
// which then need no build); the default is all of them.
const only = (() => {
  const i = process.argv.indexOf("--only");
  if (i === -1) return new Set<string>(serviceNames);
  const names = (process.argv[i + 1] ?? "").split(",").filter(Boolean);
  const unknown = names.filter((n) => !(serviceNames as readonly string[]).includes(n));
  if (!names.length || unknown.length) {
    process.stderr.write(`portico: --only takes a comma-separated list of ${serviceNames.join(", ")}\n`);
    process.exit(2);
  }
  return new Set(names);
})();
const runs = (name: ServiceName) => only.has(name);
const settings = settingsOrExit();
const log = (line: string) => process.stdout.write(`${line}\n`);
/** Supervisor events go to stderr too, so they show wherever standard output is not kept. */
const warn = (line: string) => process.stderr.write(`${line}\n`);

// The gateway refuses loopback backends unless allowed: the sample backend this script runs is,
// on its address and port only, added to whatever PORTICO_BACKEND_ALLOW the admin set.
const sampleBackend = `127.0.0.1:${settings.PORTICO_SAMPLE_BACKEND_PORT}`;
const backendAllow = [settings.PORTICO_BACKEND_ALLOW, sampleBackend].filter(Boolean).join(",");

// ---------------------------------------------------------------- prepare

mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
const tls = settings.PORTICO_TLS_CERT ? null : await ensureLocalTls(settings.dataDir);
const caFile = tls?.caFile;

const applied = await migrateDatabase(settings.databaseUrl);
if (applied.length) log(`database: applied ${applied.length} migration(s) to ${settings.databaseProvider}`);

const db = createDb(settings.databaseUrl);
const firstLogins: FirstLogin[] = [];
try {
  await seedPlatform(db, { issuer: settings.PORTICO_ISSUER });
  const admin = await seedAdmin(db, {
    username: settings.PORTICO_ADMIN_USERNAME,
    password: settings.PORTICO_ADMIN_PASSWORD,
  });
  if (admin) {
    firstLogins.push(admin);
    firstLogins.push(
      ...(await seedDemo(db, { backendUrl: `http://127.0.0.1:${settings.PORTICO_SAMPLE_BACKEND_PORT}` })),
    );
  }
} finally {
  await db.$disconnect();
}

const nextBin = require.resolve("next/dist/bin/next");
const apps = ["publisher", "devportal"] as const;
// what every build below depends on, walked once (a portal's build does not write under packages/)
const newestPackageSource = newestSource([path.join(repoRoot, "packages")]);

for (const app of apps) {
  if (!runs(app)) continue;
  const dir = path.join(repoRoot, "apps", app);
  const buildId = path.join(dir, ".next", "BUILD_ID");
  if (args.has("--dev")) continue;
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const stale = built < Math.max(newestSource([path.join(dir, "src")]), newestPackageSource);
  if (!stale && !args.has("--rebuild")) continue;
  log(`building the ${app} portal${built ? " (sources changed)" : ""}...`);
  const build = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: dir,
    stdio: "inherit",
    env: childEnv(),
  });
  if (build.status !== 0) {
    log(`portico: building ${app} failed`);
    process.exit(1);
  }
}

// The key manager, gateway and sample backend run compiled (plain `node`, no TypeScript compiled
// at start); --dev runs their sources through tsx instead, so an edit needs only a restart.
if (!args.has("--dev")) {
  const started = Date.now();
  const built = await buildServices({ force: args.has("--rebuild"), newestPackageSource });
  if (built.length) log(`compiled ${built.join(", ")} in ${Date.now() - started} ms`);
}

// ---------------------------------------------------------------- run

function childEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORTICO_DATA_DIR: settings.dataDir,
    PORTICO_BACKEND_ALLOW: backendAllow,
    // our processes trust the local CA when they call each other over HTTPS
    ...(caFile ? { NODE_EXTRA_CA_CERTS: caFile } : {}),
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

interface Service {
  name: ServiceName;
  command: string[];
  cwd?: string;
  health: string;
  env?: Record<string, string>;
}

const tsx = ["--import", "tsx"];
/** How a compiled service is run: its bundle, or its source through tsx with --dev. */
const nodeService = (service: CompiledService) =>
  args.has("--dev") ? [...tsx, `packages/${service}/src/main.ts`] : [compiledEntry(service)];
/** A portal: Next behind the request boundary of @portico/ui's portal server (run from the app's folder). */
const portal = (port: number) => [
  ...tsx,
  path.join(repoRoot, "packages/ui/src/portal-server.ts"),
  "--dir",
  ".",
  "--port",
  String(port),
  ...(args.has("--dev") ? ["--dev"] : []),
];
const allServices: Service[] = [
  {
    name: "backend",
    command: nodeService("sample-backend"),
    health: `http://127.0.0.1:${settings.PORTICO_SAMPLE_BACKEND_PORT}/_portico/ready`,
  },
  {
    name: "keymanager",
    command: nodeService("keymanager"),
    health: `${settings.PORTICO_ISSUER}/_portico/ready`,
  },
  {
    name: "gateway",
    command: nodeService("gateway"),
    health: `${settings.gatewayUrl}/_portico/ready`,
  },
  {
    name: "publisher",
    command: portal(settings.PORTICO_PUBLISHER_PORT),
    cwd: "apps/publisher",
    health: `${settings.publisherUrl}/_portico/ready`,
    env: { NEXTAUTH_URL: settings.publisherUrl },
  },
  {
    name: "devportal",
    command: portal(settings.PORTICO_DEVPORTAL_PORT),
    cwd: "apps/devportal",
    health: `${settings.devportalUrl}/_portico/ready`,
    env: { NEXTAUTH_URL: settings.devportalUrl },
  },
];
const services = allServices.filter((s) => runs(s.name));

// The supervisor: a service that stops unexpectedly is logged and started again after a
// backoff (1 s, doubling to 30 s; back to 1 s once it has run for a minute), while the others
// keep serving. Ctrl-C (or SIGTERM) asks every service to stop; each stops accepting, lets its
// requests in flight finish, and exits; whatever still runs after 12 s is killed.
const RESTART_MIN_MS = 1_000;
const RESTART_MAX_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = 12_000;

const children = new Map<string, ChildProcess>();
const restartTimers = new Set<NodeJS.Timeout>();
let stopping = false;

function prefixLines(name: string, stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) {
  let buffered = "";
  stream?.setEncoding("utf8");
  stream?.on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) out.write(`[${name}] ${line}\n`);
  });
}

function supervise(service: Service, restarts = 0): void {
  const startedAt = Date.now();
  const child = spawn(process.execPath, service.command, {
    cwd: path.join(repoRoot, service.cwd ?? "."),
    env: { ...childEnv(), ...service.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.set(service.name, child);
  prefixLines(service.name, child.stdout, process.stdout);
  prefixLines(service.name, child.stderr, process.stderr);
  child.on("error", (error) => warn(`portico: ${service.name} could not be started: ${error.message}`));
  child.on("exit", (code, signal) => {
    if (children.get(service.name) === child) children.delete(service.name);
    if (stopping) return;
    const attempt = Date.now() - startedAt > STABLE_AFTER_MS ? 0 : restarts;
    const delay = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** attempt);
    warn(
      `portico: ${service.name} stopped unexpectedly (${signal ?? `exit ${code}`}); restarting it in ${delay / 1000} s`,
    );
    const timer = setTimeout(() => {
      restartTimers.delete(timer);
      if (!stopping) supervise(service, attempt + 1);
    }, delay);
    restartTimers.add(timer);
  });
}

for (const service of services) supervise(service);

async function stopAll(exitCode: number) {
  if (stopping) return;
  stopping = true;
  log("portico: stopping (requests in flight are finished first)...");
  for (const timer of restartTimers) clearTimeout(timer);
  for (const child of children.values()) child.kill("SIGTERM");
  const deadline = Date.now() + STOP_GRACE_MS;
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const [name, child] of children) {
    warn(`portico: ${name} did not stop in ${STOP_GRACE_MS / 1000} s; killing it`);
    child.kill("SIGKILL");
  }
  log("portico: stopped");
  process.exit(exitCode);
}
process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

const dispatcher = new Agent({ connect: { ca: tls?.ca } });
async function waitHealthy(service: Service, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stopping && Date.now() < deadline) {
    try {
      // biome-ignore lint/suspicious/noExplicitAny: undici's dispatcher option is not in lib.dom's RequestInit
      const res = await fetch(service.health, { dispatcher } as any);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (!stopping) throw new Error(`${service.name} did not become healthy at ${service.health}`);
}

try {
  await Promise.all(services.map((s) => waitHealthy(s)));
} catch (error) {
  log(`portico: ${(error as Error).message}`);
  await stopAll(1);
}

const pad = (s: string) => s.padEnd(22);
log("");
log("Portico is running.");
if (runs("publisher")) log(`  ${pad("Publisher + admin")}${settings.publisherUrl}`);
if (runs("devportal")) log(`  ${pad("Developer portal")}${settings.devportalUrl}`);
if (runs("keymanager")) log(`  ${pad("Key manager (issuer)")}${settings.PORTICO_ISSUER}`);
if (runs("gateway")) log(`  ${pad("Gateway")}${settings.gatewayUrl}  and  ${settings.gatewayHttpUrl}`);
if (runs("backend"))
  log(`  ${pad("Sample backend")}http://127.0.0.1:${settings.PORTICO_SAMPLE_BACKEND_PORT}`);
log(
  `  ${pad("Database")}${settings.databaseProvider === "sqlite" ? settings.databaseUrl : "PostgreSQL (DATABASE_URL)"}`,
);
if (caFile) log(`  ${pad("Local CA certificate")}${caFile}`);
log("");
if (firstLogins.length) {
  log("First-login credentials (shown once; only their hashes are stored):");
  for (const l of firstLogins) log(`  ${pad(l.username)}${l.password}   roles: ${l.roles.join(", ")}`);
} else {
  log(
    "Sign in with the credentials printed at first start (`npm run reset-password -- <username>` sets a new one).",
  );
}
log("");
log("Press Ctrl-C to stop.");
