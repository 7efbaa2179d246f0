import "server-only";
import { lazyMasterKeyring } from "@portico/crypto";
import { settings } from "./db";

/** The master keyring, loaded once, for operations that store reversible secrets. */
export const masterKeyring = lazyMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
