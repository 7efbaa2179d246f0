import { Redis } from "ioredis";
import type { CounterHit, CounterStore } from "./counter-store";

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

export class RedisCounterStore implements CounterStore {
  private readonly redis: RedisWithHit;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // No offline queue: while Redis is unreachable a hit fails at once (and the call passes
    // unthrottled) instead of waiting for a reconnect.
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
    return this.redis.porticoHit(
      hits.length,
      ...hits.map((h) => this.prefix + h.key),
      ...hits.map((h) => h.ttlMs),
    );
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
