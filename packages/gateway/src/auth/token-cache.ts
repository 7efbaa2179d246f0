import type { Caller } from "./caller";

/**
 * Verified credentials by their exact Authorization header value, so a repeated token costs no
 * parsing, no signature check and no database round trip. Entries are found by the value's last
 * characters (a token's signature or random part) and then compared whole: hashing a whole JWT
 * for every lookup cost about a microsecond. Bounded: the oldest entries go first when full.
 */
const INDEX_CHARS = 32;

interface Entry {
  authorization: string;
  caller: Caller;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 50_000) {}

  get(authorization: string, nowSeconds: number): Caller | undefined {
    const index = authorization.slice(-INDEX_CHARS);
    const entry = this.entries.get(index);
    if (entry === undefined || entry.authorization !== authorization) return undefined;
    if (entry.caller.expiresAt <= nowSeconds) {
      this.entries.delete(index);
      return undefined;
    }
    return entry.caller;
  }

  set(authorization: string, caller: Caller): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    // Two credentials ending alike share a slot: the later one takes it (a cache miss, no more).
    this.entries.set(authorization.slice(-INDEX_CHARS), { authorization, caller });
  }

  clear(): void {
    this.entries.clear();
  }
}
