import "server-only";
import { lazyMasterKeyring } from "@portico/crypto";
import { settings } from "./db";

/** The master keyring, loaded once: operations at external key managers decrypt Portico's credentials there. */
export const masterKeyring = lazyMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
