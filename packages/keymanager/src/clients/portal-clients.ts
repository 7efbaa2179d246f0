// The portals' own confidential clients (next-auth sign-in with authorization code + PKCE). Their
// secret is derived from the master key (`portalClientSecret` in @portico/issuer-admin, which the
// portals compute too); the key manager keeps only its scrypt hash, re-made when the master key changes.
import { hashSecret, type MasterKeyring, verifySecret } from "@portico/crypto";
import type { Db } from "@portico/db";
import {
  APPLICATION_TOKEN_GRANT,
  PORTAL_CLIENT_IDS,
  portalClientSecret,
  portalRedirectUri,
} from "@portico/issuer-admin";

/**
 * Makes sure the portal clients exist (when their URLs are known) and that the hash of the
 * current derived secret is stored; older derived secrets are revoked.
 */
export async function ensurePortalClients(
  db: Db,
  keyring: MasterKeyring,
  keyManagerId: string,
  portals?: { publisherUrl: string; devportalUrl: string },
): Promise<void> {
  const entries: Array<[string, string | undefined, string]> = [
    [PORTAL_CLIENT_IDS.publisher, portals?.publisherUrl, "Portico publisher portal"],
    [PORTAL_CLIENT_IDS.devportal, portals?.devportalUrl, "Portico developer portal"],
  ];
  for (const [clientId, portalUrl, name] of entries) {
    let client = await db.oAuthClient.findUnique({
      where: { clientId },
      include: { secrets: { where: { revokedAt: null } } },
    });
    if (portalUrl) {
      const redirect = {
        redirectUris: [portalRedirectUri(portalUrl)],
        postLogoutRedirectUris: [portalUrl.replace(/\/$/, ""), `${portalUrl.replace(/\/$/, "")}/`],
        // the developer portal also generates tokens for developers' application keys
        grantTypes:
          clientId === PORTAL_CLIENT_IDS.devportal
            ? ["authorization_code", "refresh_token", APPLICATION_TOKEN_GRANT]
            : ["authorization_code", "refresh_token"],
      };
      client = await db.oAuthClient.upsert({
        where: { clientId },
        create: {
          clientId,
          name,
          keyManagerId,
          tokenEndpointAuthMethod: "client_secret_basic",
          pkceRequired: true,
          firstParty: true,
          ...redirect,
        },
        update: redirect,
        include: { secrets: { where: { revokedAt: null } } },
      });
    }
    if (!client) continue;
    const secret = portalClientSecret(keyring, clientId);
    let current = false;
    for (const stored of client.secrets) {
      if (await verifySecret(secret, stored.secretHash).catch(() => false)) current = true;
    }
    if (current) continue;
    await db.clientSecret.updateMany({
      where: { clientId: client.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await db.clientSecret.create({
      data: { clientId: client.id, secretHash: await hashSecret(secret), hint: secret.slice(-4) },
    });
  }
}
