import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureLocalTls, MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { type StartKeyManagerOptions, startKeyManager } from "@portico/keymanager";
import { Agent } from "undici";
import { GATEWAY } from "./fixtures";

/**
 * A real key manager over HTTPS on a scratch database, with its own master keyring and data
 * directory, and an undici dispatcher that trusts its certificate.
 */
export async function startTestKeyManager(
  db: Db,
  name: string,
  options: Pick<StartKeyManagerOptions, "logLevel" | "configuration"> = {},
) {
  const dataDir = mkdtempSync(path.join(tmpdir(), `portico-${name}-`));
  const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
  const tls = await ensureLocalTls(dataDir);
  const km = await startKeyManager({
    db,
    dataDir,
    keyring,
    port: 0,
    audience: GATEWAY,
    ...options,
    portals: { publisherUrl: "http://localhost:3000", devportalUrl: "http://localhost:3001" },
  });
  const dispatcher = new Agent({ connect: { ca: tls.ca } });
  return { km, keyring, dispatcher };
}
