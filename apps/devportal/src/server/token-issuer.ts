import "server-only";
import { loadOrCreateMasterKeyring, type MasterKeyring } from "@portico/crypto";
import { keyManagerTokenIssuer } from "@portico/platform";
import { settings } from "./db";

let keyring: MasterKeyring | undefined;

/** Token generation for developers' application keys, at the resident key manager. */
export const issueApplicationToken = keyManagerTokenIssuer({
  issuer: settings.PORTICO_ISSUER,
  keyring: () => {
    keyring ??= loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
    return keyring;
  },
});
