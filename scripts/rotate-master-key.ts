// npm run rotate-master-key: puts a new master key first in the data folder's key file (old keys
// stay, so running processes keep decrypting), re-wraps every stored secret under it, and says
// when the old keys can be removed. With PORTICO_MASTER_KEY set, rotate by putting the new key
// first in that variable (comma-separated) and run this to re-wrap.
import { loadOrCreateMasterKeyring, rotateMasterKeyFile } from "@portico/crypto";
import { createDb, rewrapStoredSecrets } from "@portico/db";
import { settingsOrExit } from "@portico/settings";

const settings = settingsOrExit();
const keyring = settings.PORTICO_MASTER_KEY
  ? loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY)
  : rotateMasterKeyFile(settings.dataDir);
const db = createDb(settings.databaseUrl);
try {
  const moved = await rewrapStoredSecrets(db, keyring);
  process.stdout.write(
    `master key ${keyring.current.id} is current; re-wrapped ${moved} stored secret(s).\n` +
      "Restart the key manager, then the portals (their sign-in secrets derive from the current key).\n" +
      `Older keys (${keyring.ids.slice(1).join(", ") || "none"}) may be removed once every process has restarted.\n`,
  );
} finally {
  await db.$disconnect();
}
