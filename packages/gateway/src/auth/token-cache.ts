import type { Caller } from "./caller";

/**
 * Verified tokens by their exact text, so a repeated token costs no signature check and no
 * database round trip. Bounded: the oldest entries go first when full.
 */
export class TokenCache {
  private readonly entries = new Map<string, Caller>();

  constructor(private readonly maxEntries = 50_000) {}

  get(token: string, nowSeconds: number): Caller | undefined {
    const caller = this.entries.get(token);
    if (caller && caller.expiresAt <= nowSeconds) {
      this.entries.delete(token);
      return undefined;
    }
    return caller;
  }

  set(token: string, caller: Caller): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, caller);
  }

  clear(): void {
    this.entries.clear();
  }
}
