// The publisher portal is the long-running process that sends webhook deliveries and looks for
// expiring keys (see startNotificationWorker): it holds the master key already, and one runs per
// installation (deliveries are claimed row by row, so a second replica sends nothing twice).
// It reads the same settings, database client (getDb keeps one per URL) and master key as the
// pages, without the page-only modules of src/server.
import { loadOrCreateMasterKeyring, type MasterKeyring } from "@portico/crypto";
import { getDb } from "@portico/db";
import { startNotificationWorker } from "@portico/platform";
import { settingsOrExit } from "@portico/settings";

const settings = settingsOrExit();
let keyring: MasterKeyring | undefined;
startNotificationWorker({
  db: getDb(settings.databaseUrl),
  keyring: () => {
    keyring ??= loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
    return keyring;
  },
  onError: (error) =>
    console.error(`notification worker: ${error instanceof Error ? error.message : String(error)}`),
});
