// The portals' own confidential clients (next-auth sign-in with authorization code + PKCE).
// Their secret is derived, not stored: HMAC-SHA256 of the current master key over
// "portal-client:<clientId>". The portal process, which has the data folder, computes it; the
// key manager keeps only its scrypt hash, re-made when the master key changes.
import { createHmac } from "node:crypto";
import type { MasterKeyring } from "@portico/crypto";

/** The developer portal generates tokens for developers' application keys with this grant. */
export const APPLICATION_TOKEN_GRANT = "urn:portico:params:oauth:grant-type:application-token";

export const PORTAL_CLIENT_IDS = { publisher: "portico-publisher", devportal: "portico-devportal" } as const;

/**
 * The client secret of a portal's sign-in client.
 *
 * @example portalClientSecret(loadOrCreateMasterKeyring(settings.dataDir, settings.PORTICO_MASTER_KEY), "portico-publisher")
 */
export function portalClientSecret(keyring: MasterKeyring, clientId: string): string {
  return createHmac("sha256", keyring.current.key).update(`portal-client:${clientId}`).digest("base64url");
}

/** The next-auth callback path of the "portico" provider. */
export function portalRedirectUri(portalUrl: string): string {
  return `${portalUrl.replace(/\/$/, "")}/api/auth/callback/portico`;
}
