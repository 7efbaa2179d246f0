import type { Db } from "@portico/db";
import type { KeyType } from "../config/snapshot";

/** One API/application/key-type/minute's counts; `bucketStart` in epoch ms so it crosses IPC intact. */
export interface UsageBucket {
  apiId: string;
  applicationId: string | null;
  keyType: KeyType;
  bucketStart: number;
  calls: number;
  errors: number;
  throttled: number;
  denied: number;
  latencyMsSum: number;
}

/** Names a bucket in the pending map. */
function bucketKey(apiId: string, applicationId: string | null, keyType: KeyType, start: number): string {
  return `${apiId}\n${applicationId ?? ""}\n${keyType}\n${start}`;
}

/** Prisma's foreign-key violation: the API or application a bucket counts no longer exists. */
function isDeletedTarget(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "P2003";
}

/** A bucket whose API or application was deleted after the calls it counts. */
class DeletedTarget extends Error {}

/**
 * Counts calls per API, application, key type and minute in memory and adds them to
 * UsageCounter rows in one batch every `flushIntervalMs`, off the request path. A failed
 * flush keeps the counts for the next one, except counts of an API or application deleted
 * since: those are dropped (one warning per flush, through `onDropped`) and never retried. Cluster workers hand their buckets to the primary
 * (`forward`) instead of writing: the database work stays out of the processes serving calls.
 */
export class UsageRecorder {
  private pending = new Map<string, UsageBucket>();
  /**
   * The buckets calls were last counted in, by API id, application id and key type: the hot path
   * finds its bucket through strings whose hashes V8 already knows, without building a key.
   */
  private recent = new Map<string, Map<string, Map<KeyType, UsageBucket>>>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    flushIntervalMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly forward?: (buckets: UsageBucket[]) => void,
    private readonly onDropped: (buckets: UsageBucket[]) => void = () => {},
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  /** Adds buckets counted elsewhere (a cluster worker's). */
  addBuckets(buckets: UsageBucket[]): void {
    for (const b of buckets)
      this.merge(bucketKey(b.apiId, b.applicationId, b.keyType, b.bucketStart), { ...b });
  }

  /** Counts one call of an API (by an application, when known), answered with `status`. */
  record(
    apiId: string,
    applicationId: string | undefined,
    keyType: KeyType,
    status: number,
    latencyMs: number,
    at: number,
  ): void {
    const minute = Math.floor(at / 60_000) * 60_000;
    let bucket = this.recent
      .get(apiId)
      ?.get(applicationId ?? "")
      ?.get(keyType);
    if (bucket === undefined || bucket.bucketStart !== minute) {
      bucket = this.bucketFor(apiId, applicationId ?? null, keyType, minute);
      let byApplication = this.recent.get(apiId);
      if (!byApplication) {
        byApplication = new Map();
        this.recent.set(apiId, byApplication);
      }
      let byKeyType = byApplication.get(applicationId ?? "");
      if (!byKeyType) {
        byKeyType = new Map();
        byApplication.set(applicationId ?? "", byKeyType);
      }
      byKeyType.set(keyType, bucket);
    }
    bucket.calls += 1;
    if (status === 429) bucket.throttled += 1;
    else if (status === 401 || status === 403) bucket.denied += 1;
    else if (status >= 500) bucket.errors += 1;
    bucket.latencyMsSum += Math.round(latencyMs);
  }

  /** The pending bucket of this API, application, key type and minute, new if need be. */
  private bucketFor(
    apiId: string,
    applicationId: string | null,
    keyType: KeyType,
    minute: number,
  ): UsageBucket {
    const key = bucketKey(apiId, applicationId, keyType, minute);
    let bucket = this.pending.get(key);
    if (!bucket) {
      bucket = {
        apiId,
        applicationId,
        keyType,
        bucketStart: minute,
        calls: 0,
        errors: 0,
        throttled: 0,
        denied: 0,
        latencyMsSum: 0,
      };
      this.pending.set(key, bucket);
    }
    return bucket;
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.recent = new Map();
    if (this.forward) {
      this.forward([...batch.values()]);
      return;
    }
    const dropped: UsageBucket[] = [];
    for (const [key, b] of batch) {
      try {
        await this.add(b);
      } catch (error) {
        if (error instanceof DeletedTarget) {
          dropped.push(b);
          continue;
        }
        this.onError(error);
        this.merge(key, b);
      }
    }
    if (dropped.length > 0) this.onDropped(dropped);
  }

  private merge(key: string, b: UsageBucket): void {
    const existing = this.pending.get(key);
    if (!existing) this.pending.set(key, b);
    else {
      existing.calls += b.calls;
      existing.errors += b.errors;
      existing.throttled += b.throttled;
      existing.denied += b.denied;
      existing.latencyMsSum += b.latencyMsSum;
    }
  }

  private async add(b: UsageBucket): Promise<void> {
    const where = {
      apiId: b.apiId,
      applicationId: b.applicationId,
      keyType: b.keyType,
      bucketStart: new Date(b.bucketStart),
    };
    const increments = {
      calls: { increment: b.calls },
      errors: { increment: b.errors },
      throttled: { increment: b.throttled },
      denied: { increment: b.denied },
      latencyMsSum: { increment: b.latencyMsSum },
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      const updated = await this.db.usageCounter.updateMany({ where, data: increments });
      if (updated.count > 0) return;
      try {
        await this.db.usageCounter.create({
          data: {
            ...where,
            calls: b.calls,
            errors: b.errors,
            throttled: b.throttled,
            denied: b.denied,
            latencyMsSum: b.latencyMsSum,
          },
        });
        return;
      } catch (error) {
        if (isDeletedTarget(error)) throw new DeletedTarget();
        // Another gateway process created the row first: add to it instead.
        if (attempt === 2) throw error;
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
