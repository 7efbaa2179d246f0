import { describe, expect, it } from "vitest";
import { type UsageBucket, UsageRecorder } from "../src/observability/usage-recorder";

/** A cluster worker's recorder: buckets are handed over instead of written, so no database is needed. */
function workerRecorder() {
  const handed: UsageBucket[] = [];
  const recorder = new UsageRecorder(
    undefined as never,
    3_600_000,
    (error) => {
      throw error;
    },
    (buckets) => handed.push(...buckets),
  );
  return { recorder, handed };
}

const minute = (n: number) => Date.UTC(2026, 10, 28, 12, n);

describe("usage buckets", () => {
  it("counts per API, application, key type and minute, and starts a new bucket when the minute turns", async () => {
    const { recorder, handed } = workerRecorder();
    recorder.record("api1", "app1", "PRODUCTION", 200, 4.4, minute(0) + 1_000);
    recorder.record("api1", "app1", "PRODUCTION", 429, 1, minute(0) + 59_999);
    recorder.record("api1", "app1", "PRODUCTION", 200, 2, minute(1));
    recorder.record("api1", "app1", "SANDBOX", 503, 3, minute(1) + 5);
    recorder.record("api1", undefined, "PRODUCTION", 401, 1, minute(1) + 6);
    recorder.record("api2", "app1", "PRODUCTION", 403, 1, minute(1) + 7);
    await recorder.flush();
    const counts = handed
      .map((b) => [
        b.apiId,
        b.applicationId,
        b.keyType,
        b.bucketStart - minute(0),
        b.calls,
        b.errors,
        b.throttled,
        b.denied,
        b.latencyMsSum,
      ])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(counts).toEqual([
      ["api1", "app1", "PRODUCTION", 0, 2, 0, 1, 0, 5],
      ["api1", "app1", "PRODUCTION", 60_000, 1, 0, 0, 0, 2],
      ["api1", "app1", "SANDBOX", 60_000, 1, 1, 0, 0, 3],
      ["api1", null, "PRODUCTION", 60_000, 1, 0, 0, 1, 1],
      ["api2", "app1", "PRODUCTION", 60_000, 1, 0, 0, 1, 1],
    ]);
    // after a hand-over, counting starts afresh in new buckets
    recorder.record("api1", "app1", "PRODUCTION", 200, 1, minute(1) + 8);
    await recorder.flush();
    expect(handed.slice(5).map((b) => [b.bucketStart - minute(0), b.calls])).toEqual([[60_000, 1]]);
    await recorder.close();
  });

  it("adds another worker's buckets to its own", async () => {
    const { recorder, handed } = workerRecorder();
    recorder.record("api1", "app1", "PRODUCTION", 200, 2, minute(3));
    recorder.addBuckets([
      {
        apiId: "api1",
        applicationId: "app1",
        keyType: "PRODUCTION",
        bucketStart: minute(3),
        calls: 5,
        errors: 1,
        throttled: 0,
        denied: 0,
        latencyMsSum: 10,
      },
    ]);
    recorder.record("api1", "app1", "PRODUCTION", 200, 2, minute(3) + 1);
    await recorder.flush();
    expect(handed.map((b) => [b.calls, b.errors, b.latencyMsSum])).toEqual([[7, 1, 14]]);
    await recorder.close();
  });
});
