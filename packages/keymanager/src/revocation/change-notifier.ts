// Tells gateways and other key managers about revocations: a ChangeEvent row always (polled
// without Redis), and a message on CHANGE_CHANNEL when REDIS_URL is set.
import type { Db } from "@portico/db";
import { CHANGE_CHANNEL, type ChangeMessage } from "@portico/tokens";
import type { Redis } from "ioredis";

export class ChangeNotifier {
  private redis: Redis | undefined;
  private connecting: Promise<Redis> | undefined;

  constructor(
    private readonly db: Db,
    private readonly redisUrl?: string,
  ) {}

  private async client(): Promise<Redis | undefined> {
    if (!this.redisUrl) return undefined;
    if (this.redis) return this.redis;
    this.connecting ??= import("ioredis").then(({ Redis }) => {
      // one connection for publishing; errors are reported by publish's rejection
      const client = new Redis(this.redisUrl as string, { lazyConnect: false, maxRetriesPerRequest: 2 });
      client.on("error", () => {});
      this.redis = client;
      return client;
    });
    return this.connecting;
  }

  /** Records the events in the database, then publishes them on Redis without waiting. */
  async notify(messages: ChangeMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.db.changeEvent.createMany({
      data: messages.map((m) => ({ topic: m.topic, entityId: m.entityId ?? null })),
    });
    // The row is the durable record (gateways poll it without Redis); the publish only makes them
    // hear sooner, so a slow or absent Redis never holds up the response.
    const redis = await this.client();
    if (!redis) return;
    for (const m of messages) void redis.publish(CHANGE_CHANNEL, JSON.stringify(m)).catch(() => 0);
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => undefined);
  }
}
