import { type Db, postgresSchemaOf } from "@portico/db";
import { CHANGE_CHANNEL, type ChangeMessage } from "@portico/tokens";
import { Redis } from "ioredis";
import pg from "pg";

/** The channel the ChangeEvent table's trigger notifies on (prisma/postgresql/migrations). */
export const PG_CHANGE_CHANNEL = "portico_changes";

export interface ChangeFollower {
  close(): Promise<void>;
}

export interface FollowChangesOptions {
  db: Db;
  redisUrl?: string;
  /** a PostgreSQL database URL: without Redis, its notifications (LISTEN/NOTIFY) bring the events */
  postgresUrl?: string;
  /** how often the ChangeEvent table is polled; with a live subscription, a slower safety net */
  pollIntervalMs: number;
  onChange(message: ChangeMessage): void;
  onError(error: unknown): void;
}

/**
 * Delivers configuration and revocation events: from Redis pub/sub when configured, else from
 * PostgreSQL notifications when the database is PostgreSQL, and from the ChangeEvent table by
 * polling (every `pollIntervalMs` without a live subscription; with one it only catches what a
 * dropped subscription missed). Events may arrive twice; handlers are idempotent.
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

  // Each time the LISTEN is (re)established, the table is read once: what was notified while the
  // connection was down is not lost.
  const listener =
    !subscriber && options.postgresUrl
      ? await listenToPostgres(options.postgresUrl, options, () => {
          polling = polling.then(poll);
        })
      : undefined;

  // With a live subscription the table is only a safety net, read every 5 s.
  const slowInterval = Math.max(options.pollIntervalMs, 5_000);
  let lastPoll = 0;
  const live = () => subscriber?.status === "ready" || listener?.listening() === true;
  const timer = setInterval(() => {
    const now = Date.now();
    if (live() && now - lastPoll < slowInterval) return;
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
      await listener?.close();
    },
  };
}

/**
 * LISTENs on the change channel over a dedicated connection, reconnecting (every 1 s) when it
 * drops; `listening()` tells the poller whether it may slow down. Notifications from another
 * schema of the same database are not this Portico's and are ignored.
 */
async function listenToPostgres(
  url: string,
  options: Pick<FollowChangesOptions, "onChange" | "onError">,
  onListening: () => void,
): Promise<{ listening(): boolean; close(): Promise<void> }> {
  // the schema the trigger reports: the URL's, or PostgreSQL's default
  const schema = postgresSchemaOf(url) ?? "public";
  const connection = new URL(url);
  connection.searchParams.delete("schema");
  let client: pg.Client | undefined;
  let listening = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: connection.toString() });
    const lost = (error?: unknown) => {
      if (error) options.onError(error);
      if (client !== next) return;
      listening = false;
      client = undefined;
      next.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => void connect(), 1_000);
    };
    next.on("error", lost);
    next.on("end", () => lost());
    next.on("notification", (n) => {
      if (n.channel !== PG_CHANGE_CHANNEL || !n.payload) return;
      try {
        const message = JSON.parse(n.payload) as { topic?: unknown; entityId?: unknown; schema?: unknown };
        if (typeof message.topic !== "string" || message.schema !== schema) return;
        options.onChange({
          topic: message.topic as ChangeMessage["topic"],
          ...(typeof message.entityId === "string" ? { entityId: message.entityId } : {}),
        });
      } catch (error) {
        options.onError(error);
      }
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${PG_CHANGE_CHANNEL}`);
      if (client === next) {
        listening = true;
        onListening();
      }
    } catch (error) {
      lost(error);
    }
  };
  await connect();

  return {
    listening: () => listening,
    async close() {
      closed = true;
      clearTimeout(retry);
      listening = false;
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}
