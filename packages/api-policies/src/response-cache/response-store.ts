/** A stored answer. */
export interface StoredEntry {
  readonly status: number;
  /** flat `[name, value, …]` */
  readonly headers: readonly string[];
  readonly body: Buffer;
  readonly storedAt: number;
  readonly expiresAt: number;
  readonly size: number;
}

/** Every attachment's cache together holds at most this much, whatever each one allows. */
export const PROCESS_CACHE_BYTES = 256 * 1024 * 1024;
let processBytes = 0;

/**
 * A bounded least-recently-used store (a Map keeps insertion order: a hit moves the entry to the
 * end, eviction takes from the front). Bounded by its own byte cap and by the process-wide one.
 */
export class ResponseStore {
  private readonly entries = new Map<string, StoredEntry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string, now: number): StoredEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) {
      this.release(entry);
      return undefined;
    }
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, entry: StoredEntry): void {
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.release(old);
    }
    if (entry.size > this.maxBytes) return;
    while (
      this.entries.size > 0 &&
      (this.bytes + entry.size > this.maxBytes || processBytes + entry.size > PROCESS_CACHE_BYTES)
    )
      this.evictOldest();
    if (processBytes + entry.size > PROCESS_CACHE_BYTES) return; // other attachments hold the rest
    this.entries.set(key, entry);
    this.bytes += entry.size;
    processBytes += entry.size;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** Drops everything (the attachment's configuration changed or went away). */
  clear(): void {
    for (const entry of this.entries.values()) processBytes -= entry.size;
    this.entries.clear();
    this.bytes = 0;
  }

  private evictOldest(): void {
    const first = this.entries.keys().next();
    if (first.done) return;
    const entry = this.entries.get(first.value) as StoredEntry;
    this.entries.delete(first.value);
    this.release(entry);
  }

  private release(entry: StoredEntry): void {
    this.bytes -= entry.size;
    processBytes -= entry.size;
  }
}
