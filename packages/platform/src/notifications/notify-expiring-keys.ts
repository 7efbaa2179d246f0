import type { Db } from "@portico/db";
import { notify } from "./notify";

/** How long before a key expires its application's owner hears of it. */
export const KEY_EXPIRY_WARNING_MS = 7 * 86_400_000;

/**
 * Warns the owners of applications whose consumer secrets or API keys expire within
 * KEY_EXPIRY_WARNING_MS (and are not revoked): once per key, however often it runs.
 * Returns how many warnings were written.
 */
export async function notifyExpiringKeys(db: Db, now: Date = new Date()): Promise<number> {
  const window = { gt: now, lte: new Date(now.getTime() + KEY_EXPIRY_WARNING_MS) };
  const secrets = await db.clientSecret.findMany({
    where: { revokedAt: null, expiresAt: window, client: { applicationId: { not: null }, revokedAt: null } },
    include: { client: { include: { application: true } } },
  });
  const apiKeys = await db.apiKey.findMany({
    where: { revokedAt: null, expiresAt: window },
    include: { application: true },
  });
  let written = 0;
  for (const s of secrets) {
    const app = s.client.application;
    if (!app || !s.expiresAt) continue;
    written += await notify(
      db,
      {
        event: "key.expiring",
        message: `A ${s.client.keyType.toLowerCase()} consumer secret (…${s.hint}) of ${app.name} expires on ${s.expiresAt.toISOString()}`,
        target: { type: "application", id: app.id },
        data: {
          applicationId: app.id,
          keyType: s.client.keyType,
          kind: "consumer_secret",
          expiresAt: s.expiresAt,
        },
        recipients: [app.ownerId],
        onceKey: `key.expiring:secret:${s.id}`,
      },
      now,
    );
  }
  for (const k of apiKeys) {
    if (!k.expiresAt) continue;
    written += await notify(
      db,
      {
        event: "key.expiring",
        message: `The API key ${k.name} (…${k.hint}) of ${k.application.name} expires on ${k.expiresAt.toISOString()}`,
        target: { type: "application", id: k.applicationId },
        data: { applicationId: k.applicationId, keyType: k.keyType, kind: "api_key", expiresAt: k.expiresAt },
        recipients: [k.application.ownerId],
        onceKey: `key.expiring:api-key:${k.id}`,
      },
      now,
    );
  }
  return written;
}
