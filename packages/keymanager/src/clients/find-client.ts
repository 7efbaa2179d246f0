import type { Db, Prisma } from "@portico/db";
import type { KeyManager } from "../key-manager";

const include = {
  application: {
    include: {
      owner: { select: { disabled: true } },
      // RFC 8705 client authentication: what self_signed_tls_client_auth and tls_client_auth match
      certificates: { select: { thumbprint: true, subjectDn: true, notAfter: true } },
    },
  },
  secrets: { where: { revokedAt: null } },
} as const;

/** An OAuth client with its application and its unrevoked secrets. */
export type ClientRecord = Prisma.OAuthClientGetPayload<{ include: typeof include }>;

export function findClient(db: Db, clientId: string): Promise<ClientRecord | null> {
  return db.oAuthClient.findUnique({ where: { clientId }, include });
}

/** findClient through the key manager's short-lived cache. */
export function findClientCached(km: KeyManager, clientId: string): Promise<ClientRecord | null> {
  return km.cache.clients.get(clientId, () => findClient(km.db, clientId));
}

/** The client's registered grant types, redirect URIs, ... (JSON string arrays in the schema). */
export { stringList } from "@portico/db";

export function isPublicClient(client: ClientRecord): boolean {
  return client.tokenEndpointAuthMethod === "none";
}
