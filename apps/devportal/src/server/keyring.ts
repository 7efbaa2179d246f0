import "server-only";
import { loadOrCreateMasterKeyring, type MasterKeyring } from "@portico/crypto";
import { settings } from "./db";

let keyring: MasterKeyring | undefined;

/** The master keyring, loaded once: operations at external key managers decrypt Portico's credentials there. */
export function masterKeyring(): MasterKeyring {
  keyring ??= loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
  return keyring;
}
