import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { RateLimit } from "../configuration";
import {
  type AbuseLimiter,
  previousWeight,
  type Reservation,
  refusal,
  type SlidingWindowLimiter,
  slidingVerdict,
  type Verdict,
} from "./sliding-window";

// Check and count in one step, so parallel requests to several replicas cannot slip past the
// limit between a read and a write. KEYS: current window, previous window. ARGV: overlap of the
// previous window (0..1), limit, expiry of the current window's key (ms).
const HIT_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * tonumber(ARGV[1]) + current >= tonumber(ARGV[2]) then return 0 end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1`;

// Gives back one event counted by HIT_SCRIPT (a sign-in that succeeded), never below zero and
// without recreating a key that has expired. KEYS: the window key the event was counted in.
const RELEASE_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if current > 0 then redis.call('DECR', KEYS[1]) end
return 1`;

type RedisWithHit = Redis & {
  porticoAbuseHit(...args: (string | number)[]): Promise<number>;
  porticoAbuseRelease(key: string): Promise<number>;
};

/**
 * The same sliding-window limit with its counts in Redis, so every key-manager replica sharing
 * that Redis counts the same events: an attacker spreading guesses over replicas gets no more of
 * them. Keys hold a hash of what is counted (no usernames or addresses in Redis). While Redis
 * cannot be reached, the replica's own in-process limiter stands in: the limit is then per
 * replica again, but never gone.
 */
export class RedisSlidingWindowLimiter implements AbuseLimiter {
  private readonly redis: RedisWithHit;
  private readonly windowMs: number;

  constructor(
    redis: Redis,
    private readonly name: string,
    private readonly rule: RateLimit,
    private readonly now: () => number,
    private readonly local: SlidingWindowLimiter,
    private readonly onError: (error: unknown) => void,
  ) {
    if (!("porticoAbuseHit" in redis)) {
      redis.defineCommand("porticoAbuseHit", { numberOfKeys: 2, lua: HIT_SCRIPT });
      redis.defineCommand("porticoAbuseRelease", { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    }
    this.redis = redis as RedisWithHit;
    this.windowMs = rule.windowSeconds * 1000;
  }

  private keys(key: string, now: number): { start: number; current: string; previous: string } {
    const start = now - (now % this.windowMs);
    const id = createHash("sha256").update(key).digest("base64url").slice(0, 32);
    const base = `portico:abuse:${this.name}:${this.rule.windowSeconds}:${id}:`;
    return { start, current: `${base}${start}`, previous: `${base}${start - this.windowMs}` };
  }

  async hit(key: string): Promise<Verdict> {
    const reservation = await this.reserve(key);
    return reservation.allowed ? { allowed: true } : reservation;
  }

  async reserve(key: string): Promise<Reservation> {
    const now = this.now();
    const k = this.keys(key, now);
    try {
      const counted = await this.redis.porticoAbuseHit(
        k.current,
        k.previous,
        previousWeight(this.rule, k.start, now),
        this.rule.limit,
        2 * this.windowMs,
      );
      if (counted !== 1) return refusal(this.rule, k.start, now);
      return { allowed: true, release: () => this.release(k.current) };
    } catch (error) {
      this.onError(error);
      return this.local.reserve(key);
    }
  }

  private async release(windowKey: string): Promise<void> {
    try {
      await this.redis.porticoAbuseRelease(windowKey);
    } catch (error) {
      // the event stays counted: a success is then counted as a failure, never the reverse
      this.onError(error);
    }
  }

  async peek(key: string): Promise<Verdict> {
    const now = this.now();
    const k = this.keys(key, now);
    try {
      const [current, previous] = await this.redis.mget(k.current, k.previous);
      return slidingVerdict(this.rule, k.start, now, Number(previous ?? 0), Number(current ?? 0));
    } catch (error) {
      this.onError(error);
      return this.local.peek(key);
    }
  }

  async count(key: string): Promise<void> {
    const k = this.keys(key, this.now());
    try {
      await this.redis
        .multi()
        .incr(k.current)
        .pexpire(k.current, 2 * this.windowMs)
        .exec();
    } catch (error) {
      this.onError(error);
      this.local.count(key);
    }
  }
}
