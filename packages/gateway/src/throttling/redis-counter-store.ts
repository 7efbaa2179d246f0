import { Redis } from "ioredis";
import { type CounterHit, type CounterStore, MemoryCounterStore } from "./counter-store";

// All of a request's counters in one round trip; INCR is atomic, so replicas sharing Redis
// count exactly.
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
  out[i] = n
end
return out`;

type RedisWithHit = Redis & { porticoHit(count: number, ...args: (string | number)[]): Promise<number[]> };

/** Said once when Redis stops answering and once when it answers again. */
export type CounterStoreEvent = (event: "redis_unavailable" | "redis_recovered", error?: unknown) => void;

/**
 * Counters in Redis, shared by every gateway using it. While Redis cannot be reached, each
 * gateway counts in its own memory (so a limit holds per gateway, at most N times over for N
 * gateways, rather than not at all), and goes back to Redis as soon as it answers.
 */
export class RedisCounterStore implements CounterStore {
  private readonly redis: RedisWithHit;
  private readonly local: MemoryCounterStore;
  private degraded = false;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly onEvent: CounterStoreEvent = () => {},
    clock: () => number = Date.now,
  ) {
    this.local = new MemoryCounterStore(clock);
    // No offline queue: while Redis is unreachable a hit fails at once (and is counted locally)
    // instead of waiting for a reconnect.
    const redis = new Redis(url, {
      enableAutoPipelining: true,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
    });
    redis.defineCommand("porticoHit", { lua: HIT_SCRIPT });
    redis.on("error", () => {
      // Reported through failed hits; ioredis reconnects by itself.
    });
    this.redis = redis as RedisWithHit;
  }

  async hit(hits: CounterHit[]): Promise<number[]> {
    try {
      const counts = await this.redis.porticoHit(
        hits.length,
        ...hits.map((h) => this.prefix + h.key),
        ...hits.map((h) => h.ttlMs),
      );
      if (this.degraded) {
        this.degraded = false;
        this.onEvent("redis_recovered");
      }
      return counts;
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.onEvent("redis_unavailable", error);
      }
      return this.local.hit(hits);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
