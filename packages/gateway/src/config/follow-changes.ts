import type { Db } from "@portico/db";
import { CHANGE_CHANNEL, type ChangeMessage } from "@portico/tokens";
import { Redis } from "ioredis";

export interface ChangeFollower {
  close(): Promise<void>;
}

export interface FollowChangesOptions {
  db: Db;
  redisUrl?: string;
  /** how often the ChangeEvent table is polled; with Redis, a slower safety net */
  pollIntervalMs: number;
  onChange(message: ChangeMessage): void;
  onError(error: unknown): void;
}

/**
 * Delivers configuration and revocation events: from Redis pub/sub when configured, and from
 * the ChangeEvent table by polling (every `pollIntervalMs` without Redis; with Redis it only
 * catches what a dropped subscription missed). Events may arrive twice; handlers are idempotent.
 */
export async function followChanges(options: FollowChangesOptions): Promise<ChangeFollower> {
  const { db } = options;
  const last = await db.changeEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  let lastId = last?.id ?? 0;
  let stopped = false;
  let polling: Promise<void> = Promise.resolve();

  const poll = async () => {
    try {
      const events = await db.changeEvent.findMany({
        where: { id: { gt: lastId } },
        orderBy: { id: "asc" },
        take: 1000,
      });
      for (const e of events) {
        lastId = e.id;
        options.onChange({
          topic: e.topic as ChangeMessage["topic"],
          ...(e.entityId ? { entityId: e.entityId } : {}),
        });
      }
    } catch (error) {
      // The database may be down; the gateway keeps serving from its last snapshot.
      options.onError(error);
    }
  };

  let subscriber: Redis | undefined;
  if (options.redisUrl) {
    // Not awaited: an unreachable Redis must not keep the gateway from starting; until the
    // subscription is up, the table is polled at the fast rate.
    subscriber = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    subscriber.on("error", options.onError);
    subscriber.on("message", (_channel: string, raw: string) => {
      try {
        const message = JSON.parse(raw) as ChangeMessage;
        if (typeof message.topic === "string") options.onChange(message);
      } catch (error) {
        options.onError(error);
      }
    });
    const subscribed = subscriber.subscribe(CHANGE_CHANNEL).catch(options.onError);
    // Give a reachable Redis a moment so events published right after start are not missed.
    let waited: NodeJS.Timeout | undefined;
    await Promise.race([subscribed, new Promise((resolve) => (waited = setTimeout(resolve, 2_000)))]);
    clearTimeout(waited);
  }

  // With a live Redis subscription the table is only a safety net, read every 5 s.
  const slowInterval = Math.max(options.pollIntervalMs, 5_000);
  let lastPoll = 0;
  const timer = setInterval(() => {
    const now = Date.now();
    if (subscriber?.status === "ready" && now - lastPoll < slowInterval) return;
    lastPoll = now;
    polling = polling.then(poll);
  }, options.pollIntervalMs);
  timer.unref();

  return {
    async close() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await polling;
      if (subscriber) subscriber.disconnect();
    },
  };
}
