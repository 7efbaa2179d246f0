// The key manager process: `tsx packages/keymanager/src/main.ts`. Migrations and seeds are the
// start script's job; this process only serves.
import { readFileSync } from "node:fs";
import { loadOrCreateMasterKeyring, serverTlsOptions } from "@portico/crypto";
import { getDb } from "@portico/db";
import { settingsOrExit } from "@portico/settings";
import { describeError } from "./log";
import { type RunningKeyManager, startKeyManager } from "./server";

const settings = settingsOrExit();
const db = getDb(settings.databaseUrl);
const keyring = loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
const tls = await serverTlsOptions({
  dataDir: settings.dataDir,
  certFile: settings.PORTICO_TLS_CERT,
  keyFile: settings.PORTICO_TLS_KEY,
  minVersion: settings.PORTICO_TLS_MIN_VERSION,
  ciphers: settings.PORTICO_TLS_CIPHERS,
});
let running: RunningKeyManager;
try {
  running = await startKeyManager({
    db,
    dataDir: settings.dataDir,
    keyring,
    tls,
    ...(settings.PORTICO_KM_CLIENT_CA
      ? { clientCa: readFileSync(settings.PORTICO_KM_CLIENT_CA, "utf8") }
      : {}),
    issuer: settings.PORTICO_ISSUER,
    audience: settings.gatewayUrl,
    host: settings.PORTICO_HOST,
    port: settings.PORTICO_KEYMANAGER_PORT,
    redisUrl: settings.REDIS_URL,
    serverHeader: settings.PORTICO_SERVER_HEADER,
    trustedProxies: settings.PORTICO_TRUSTED_PROXIES,
    logLevel: settings.PORTICO_LOG_LEVEL,
    portals: { publisherUrl: settings.publisherUrl, devportalUrl: settings.devportalUrl },
  });
} catch (error) {
  // one clear line (port in use, database not migrated, ...) instead of a stack trace
  const { error: name, message } = describeError(error);
  const lastLine = String(message ?? name)
    .trim()
    .split("\n")
    .at(-1);
  process.stderr.write(`keymanager: could not start: ${lastLine}\n`);
  await db.$disconnect().catch(() => undefined);
  process.exit(1);
}
process.stdout.write(`keymanager listening on ${running.url}\n`);

let closing = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    running
      .close()
      .then(() => db.$disconnect())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
