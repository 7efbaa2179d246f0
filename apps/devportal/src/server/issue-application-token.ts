import "server-only";
import { loadOrCreateMasterKeyring, type MasterKeyring } from "@portico/crypto";
import { portalClientSecret } from "@portico/keymanager/portal-clients";
import { AppError, type IssueApplicationTokenInput, type IssuedToken } from "@portico/platform";
import { settings } from "./db";

const GRANT = "urn:portico:params:oauth:grant-type:application-token";
let keyring: MasterKeyring | undefined;

/**
 * Asks the key manager for a token for a developer's application keys, authenticating as the
 * developer portal's own confidential client (its secret is derived from the master key).
 */
export async function issueApplicationToken(input: IssueApplicationTokenInput): Promise<IssuedToken> {
  keyring ??= loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY);
  const clientId = "portico-devportal";
  const basic = Buffer.from(
    `${encodeURIComponent(clientId)}:${encodeURIComponent(portalClientSecret(keyring, clientId))}`,
  ).toString("base64");
  const res = await fetch(`${settings.PORTICO_ISSUER}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: GRANT,
      application_client_id: input.consumerKey,
      owner: input.ownerId,
      scope: input.scopes.join(" "),
      validity_period: String(input.validityPeriod),
    }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json().catch(() => ({}))) as IssuedToken & {
    error?: string;
    error_description?: string;
  };
  if (!res.ok) {
    throw new AppError(
      res.status >= 500 ? "INTERNAL" : "VALIDATION_FAILED",
      `the key manager refused: ${body.error_description ?? body.error ?? res.status}`,
    );
  }
  return body;
}
