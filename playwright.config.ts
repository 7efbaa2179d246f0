import { createHash, randomBytes, X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { ensureLocalTls } from "@portico/crypto";
import { e2eEnv, e2eUrls } from "./e2e/fixtures/stack";

// Playwright never downloads a browser here: it drives the system Chromium (Debian's package),
// or the one PORTICO_CHROMIUM_PATH names.
const chromium =
  process.env.PORTICO_CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

// Every run gets a fresh data folder: a first start, with migrations, seed and new passwords.
const dataDir = process.env.PORTICO_E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "portico-e2e-"));
process.env.PORTICO_E2E_DATA_DIR = dataDir;
// A fresh admin password per run, known to the journeys (the config is loaded in every worker,
// so it is fixed once here and inherited).
process.env.PORTICO_E2E_ADMIN_PASSWORD ??= randomBytes(18).toString("base64url");

// The run's TLS material is made here, before start, so the browser can trust exactly our
// server key (by its SPKI hash) instead of ignoring certificate errors.
const tls = await ensureLocalTls(dataDir);
const spki = createHash("sha256")
  .update(new X509Certificate(tls.cert).publicKey.export({ type: "spki", format: "der" }))
  .digest("base64");

export default defineConfig({
  testDir: "e2e",
  projects: [
    { name: "stack", testMatch: "stack.setup.ts" },
    { name: "journeys", testMatch: "**/*.spec.ts", dependencies: ["stack"] },
  ],
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: e2eUrls.publisher,
    ignoreHTTPSErrors: false,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--ignore-certificate-errors-spki-list=${spki}`,
      ],
    },
  },
  webServer: {
    // the same start as `npm start`, on ports of its own and a fresh data folder
    command: "npx tsx scripts/start.ts",
    url: `${e2eUrls.devportal}/api/health`,
    env: { ...e2eEnv(dataDir), PORTICO_ADMIN_PASSWORD: process.env.PORTICO_E2E_ADMIN_PASSWORD },
    timeout: 10 * 60_000,
    reuseExistingServer: false,
    // start prints first-login passwords: keep them out of test logs
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
