// A running Portico for the command line to drive: the real key manager (HTTPS, port 0) and the
// publisher, admin and developer portal REST APIs built as the portals build them
// (`createRestHandler` over the platform's route tables) on a real HTTP port, over a scratch
// SQLite or PostgreSQL database of their own. Two stacks side by side are two instances (their
// own data folders, databases and ports), as in a promotion from one environment to another.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadOrCreateMasterKeyring } from "@portico/crypto";
import { createDb, createUser, type Db, seedPlatform } from "@portico/db";
import { migrateDatabase } from "@portico/db/migrate";
import { withScratchDatabase } from "@portico/db/testing";
import { type RunningKeyManager, startKeyManager } from "@portico/keymanager";
import { keyManagerTokenIssuer } from "@portico/platform";
import {
  adminRoutes,
  createRestHandler,
  describeRestApi,
  devportalRoutes,
  publisherRoutes,
  type RestDeps,
  type Route,
} from "@portico/platform/rest";
import { Agent } from "undici";

export type Provider = "sqlite" | "postgresql";
const GATEWAY = "https://gateway.example.test";
const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "bin", "portico.mjs");

export interface Stack {
  provider: Provider;
  db: Db;
  km: RunningKeyManager;
  /** publisher, admin and devportal REST APIs, all three on this origin */
  url: string;
  ca: string;
  admin: { username: string; password: string };
  developer: { username: string; password: string };
  close(): Promise<void>;
}

async function serveRestApis(deps: () => RestDeps, issuer: string) {
  const apis: Array<[string, Route[]]> = [
    ["/api/publisher/v1", publisherRoutes],
    ["/api/admin/v1", adminRoutes],
    ["/api/devportal/v1", devportalRoutes],
  ];
  const handlers = apis.map(([base, routes]) => ({
    base,
    handle: createRestHandler(base, routes, deps, () =>
      describeRestApi({ title: base, version: "v1", serverUrl: base, issuer, routes }),
    ),
  }));
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const body = Buffer.concat(chunks);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: req.method,
      headers,
      body: body.length ? body : undefined,
    });
    const pathname = new URL(request.url).pathname;
    const handler = handlers.find((h) => pathname === h.base || pathname.startsWith(`${h.base}/`));
    const response = handler ? await handler.handle(request) : new Response("no such API", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startStack(provider: Provider = "sqlite"): Promise<Stack> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-cli-"));
  const scratch = provider === "postgresql" ? await withScratchDatabase("cli") : undefined;
  const databaseUrl = scratch?.url ?? `file:${path.join(dataDir, "portico.db")}`;
  await migrateDatabase(databaseUrl);
  const db = createDb(databaseUrl);
  await seedPlatform(db, { issuer: "https://localhost:0" });
  const admin = { username: "admin", password: randomBytes(12).toString("base64url") };
  const developer = { username: "dev", password: randomBytes(12).toString("base64url") };
  await createUser(db, { ...admin, roles: ["admin", "publisher", "developer"] });
  await createUser(db, { ...developer, roles: ["developer"] });
  const keyring = loadOrCreateMasterKeyring(dataDir);
  const km = await startKeyManager({
    databaseUrl,
    dataDir,
    keyring,
    port: 0,
    audience: GATEWAY,
    logLevel: "error",
    configuration: { settingsCacheMs: 0 },
    // the portals' clients: the developer portal's generates application tokens
    portals: { publisherUrl: "http://localhost:3000", devportalUrl: "http://localhost:3001" },
  });
  const ca = path.join(dataDir, "tls", "ca.pem");
  const dispatcher = new Agent({ connect: { ca: (await import("node:fs")).readFileSync(ca, "utf8") } });
  const rest = await serveRestApis(
    () => ({
      db,
      issuer: km.url,
      gatewayUrl: GATEWAY,
      keyring: () => keyring,
      issueApplicationToken: keyManagerTokenIssuer({ issuer: km.url, keyring: () => keyring, dispatcher }),
    }),
    km.url,
  );
  return {
    provider,
    db,
    km,
    url: rest.url,
    ca,
    admin,
    developer,
    async close() {
      await rest.close();
      await km.close();
      await dispatcher.close();
      await db.$disconnect();
      await scratch?.drop();
    },
  };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `portico` as a user would, in a process of its own, with its own config folder. */
export function portico(
  configDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: configDir, PORTICO_CONFIG_DIR: configDir, CI: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fresh config folder with the stack added as environment `name` and signed in as `user`. */
export async function signedIn(
  stack: Stack,
  user: { username: string; password: string },
  configDir = mkdtempSync(path.join(tmpdir(), "portico-cli-config-")),
  name = "dev",
): Promise<string> {
  const added = await portico(configDir, [
    "env",
    "add",
    name,
    "--url",
    stack.url,
    "--devportal-url",
    stack.url,
    "--ca",
    stack.ca,
    "--use",
  ]);
  if (added.code !== 0) throw new Error(`env add failed: ${added.stderr}`);
  const login = await portico(configDir, ["login", "--password"], {
    PORTICO_USERNAME: user.username,
    PORTICO_PASSWORD: user.password,
  });
  if (login.code !== 0) throw new Error(`login failed: ${login.stderr}`);
  return configDir;
}
