import type { Db } from "@portico/db";
import { CHANGE_CHANNEL, type ChangeMessage } from "@portico/tokens";
import { Redis } from "ioredis";

let publisher: Redis | null | undefined;

function redis(url: string | undefined): Redis | null {
  if (publisher === undefined) {
    publisher = url
      ? new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true })
      : null;
    publisher?.on("error", () => undefined); // the ChangeEvent row still carries the change
  }
  return publisher;
}

/**
 * Tells gateways and key managers that configuration changed: a ChangeEvent row (what pollers
 * read) and, with Redis, a message on the change channel.
 */
export async function recordChange(db: Db, message: ChangeMessage, redisUrl?: string): Promise<void> {
  await db.changeEvent.create({ data: { topic: message.topic, entityId: message.entityId } });
  const client = redis(redisUrl);
  if (client) await client.publish(CHANGE_CHANNEL, JSON.stringify(message)).catch(() => undefined);
}

/** The key manager's revocation functions announce through this: one recordChange per message. */
export function changeRecorder(db: Db, redisUrl?: string) {
  return {
    async notify(messages: ChangeMessage[]): Promise<void> {
      for (const m of messages) await recordChange(db, m, redisUrl);
    },
  };
}
