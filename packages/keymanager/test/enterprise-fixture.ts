// The enterprise grants' shared setup: a key manager with SAML 2.0 bearer, both Kerberos names and
// NTLM switched on, a client holding them, and a scratch folder for the peers' files.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type Platform, snapshot, startPlatform } from "./fixture";

export const SAML2 = "urn:ietf:params:oauth:grant-type:saml2-bearer";
export const KERBEROS = "kerberos";
export const KERBEROS_URN = "urn:ietf:params:oauth:grant-type:kerberos";
export const NTLM = "iwa:ntlm";

export interface EnterprisePlatform {
  p: Platform;
  client: { clientId: string; secret: string; id: string };
  dir: string;
  close(): Promise<void>;
}

export async function startEnterprisePlatform(): Promise<EnterprisePlatform> {
  const p = await startPlatform();
  const dir = mkdtempSync(path.join(tmpdir(), "portico-km-enterprise-"));
  for (const name of [SAML2, KERBEROS, KERBEROS_URN, NTLM]) {
    await p.db.grantTypeSetting.update({ where: { name }, data: { enabled: true } });
  }
  const client = await createClient(p.db, {
    applicationId: p.application.id,
    keyType: "SANDBOX",
    grantTypes: ["client_credentials", SAML2, KERBEROS, KERBEROS_URN, NTLM],
  });
  return {
    p,
    client,
    dir,
    async close() {
      await p.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Everything a refused request must leave alone (the replay guards and audit trail aside). */
export async function stateWithoutGuards(p: Platform): Promise<Record<string, unknown>> {
  const { replay: _replay, ...rest } = await snapshot(p.db);
  return { ...rest, roles: await p.db.userRole.count(), userCount: await p.db.user.count() };
}

export async function lastAudit(p: Platform, action: string) {
  return p.db.auditEvent.findFirst({ where: { action }, orderBy: { at: "desc" } });
}
