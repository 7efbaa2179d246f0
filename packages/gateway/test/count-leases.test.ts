import { describe, expect, it } from "vitest";
import type { WorkerToPrimary } from "../src/cluster/cluster-messages";
import { CountLeases } from "../src/cluster/count-leases";
import { PrimaryLink } from "../src/cluster/primary-link";

/** Workers' links wired to one primary through asynchronous messages, as over IPC. */
function cluster(workers: number) {
  const leases = new CountLeases(
    () => workers,
    () => 1_000,
  );
  let messages = 0;
  const links: PrimaryLink[] = [];
  for (let w = 0; w < workers; w++) {
    const link: PrimaryLink = new PrimaryLink(
      (message: WorkerToPrimary) => {
        messages += 1;
        if (message.kind !== "portico:lease") return;
        const answer = {
          kind: "portico:lease-result" as const,
          id: message.id,
          leases: message.hits.map((h) => leases.grant(h, h.want)),
        };
        setImmediate(() =>
          link.receive(answer, () => ({
            requests: {},
            latency: {},
            throttled: 0,
            authFailures: 0,
          })),
        );
      },
      () => 1_000,
    );
    links.push(link);
  }
  return { links, messages: () => messages };
}

async function admitted(links: PrimaryLink[], calls: number, limit: number): Promise<number> {
  const results = await Promise.all(
    Array.from({ length: calls }, (_, i) =>
      (links[i % links.length] as PrimaryLink).hit([{ key: "k", ttlMs: 60_000, limit }]),
    ),
  );
  const counts = results.map((r) => r[0] ?? 0);
  // every count is handed out once
  expect(new Set(counts).size).toBe(calls);
  return counts.filter((c) => c <= limit).length;
}

describe("throttling counts shared by cluster workers", () => {
  it("never admits more than the limit, and exactly the limit when traffic keeps coming", async () => {
    const small = cluster(2);
    expect(await admitted(small.links, 30, 10)).toBe(10);
    const large = cluster(2);
    expect(await admitted(large.links, 3_000, 1_000)).toBe(1_000);
  });

  it("hands out counts in blocks, so most calls need no message to the primary", async () => {
    const c = cluster(2);
    for (let round = 0; round < 20; round++) await admitted(c.links, 100, 1_000_000).catch(() => 0);
    expect(c.messages()).toBeLessThan(200);
  });

  it("asks for the next block before the held one runs out, so calls one after another do not wait", async () => {
    const c = cluster(2);
    const link = c.links[0] as PrimaryLink;
    let waited = 0;
    const counts: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const answer = link.hit([{ key: "k", ttlMs: 60_000, limit: 1_000_000 }]);
      if (answer instanceof Promise) waited += 1;
      counts.push(((await answer)[0] ?? 0) as number);
      // the event loop turns between calls, as it does between requests
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(waited).toBe(1);
    expect(new Set(counts).size).toBe(2_000);
  });
});
