import { describe, expect, it } from "vitest";
import { attachmentsSchema } from "../attachment-schema";
import { ResponseStore } from "./response-store";

const fieldsOf = (gatewayPolicies: unknown) =>
  attachmentsSchema.safeParse(gatewayPolicies).error?.issues.map((i) => i.path.join(".")) ?? [];

const entry = (size: number, expiresAt = 1_000) => ({
  status: 200,
  headers: [],
  body: Buffer.alloc(0),
  storedAt: 0,
  expiresAt,
  size,
});

describe("response-cache", () => {
  it.each([
    [{ ttlSeconds: 0 }, "0.config.ttlSeconds"],
    [{ ttlSeconds: 86_401 }, "0.config.ttlSeconds"],
    [{ varyHeaders: ["bad header"] }, "0.config.varyHeaders.0"],
    [{ varyHeaders: Array.from({ length: 11 }, (_, i) => `x-${i}`) }, "0.config.varyHeaders"],
    [{ maxEntryBytes: 9 * 1024 * 1024 }, "0.config.maxEntryBytes"],
    [{ maxTotalBytes: 512 * 1024 * 1024 }, "0.config.maxTotalBytes"],
    [{ maxEntryBytes: 4096, maxTotalBytes: 2048 }, "0.config.maxEntryBytes"],
    [{ cacheAuthenticated: "yes" }, "0.config.cacheAuthenticated"],
    [{ ttl: 5 }, "0.config"],
  ])("refuses %j, naming the field", (config, field) => {
    expect(fieldsOf([{ policy: "response-cache", config }])).toEqual([field]);
  });

  it("keeps a store within its byte cap, least recently used first out", () => {
    const store = new ResponseStore(100);
    store.set("a", entry(40));
    store.set("b", entry(40));
    store.get("a", 0); // a is now the most recently used
    store.set("c", entry(40));
    expect(store.get("b", 0)).toBeUndefined();
    expect(store.get("a", 0)).toBeDefined();
    expect(store.size).toEqual({ entries: 2, bytes: 80 });
    store.set("huge", entry(101));
    expect(store.get("huge", 0)).toBeUndefined();
    expect(store.get("a", 1_000)).toBeUndefined(); // expired
    store.clear();
    expect(store.size).toEqual({ entries: 0, bytes: 0 });
  });
});
