import { describe, expect, it } from "vitest";
import { rateLimitSchema } from "../rate-limit/schema";
import { ipFilterSchema } from "./schema";

describe("ip-filter and rate-limit config", () => {
  it("accepts addresses and blocks of both families", () => {
    expect(ipFilterSchema.parse({ allow: ["203.0.113.0/24", "2001:db8::/32", "10.0.0.1"] }).deny).toEqual([]);
  });

  it.each([
    { allow: ["203.0.113.0/33"] },
    { deny: ["2001:db8::/129"] },
    { deny: ["not-an-ip"] },
    { deny: ["10.0.0.0/8/1"] },
    { deny: ["10.0.0.0/x"] },
    {},
    { allow: Array.from({ length: 101 }, () => "10.0.0.1") },
  ])("refuses %j", (config) => {
    expect(ipFilterSchema.safeParse(config).success).toBe(false);
  });

  it.each([
    { requestCount: 0 },
    { requestCount: 10, unitSeconds: 0 },
    { requestCount: 10, unitSeconds: 86_401 },
    { requestCount: 10, key: "cookie:session" },
    { requestCount: 10, key: "header:bad name" },
    { key: "ip" },
  ])("refuses rate limit %j", (config) => {
    expect(rateLimitSchema.safeParse(config).success).toBe(false);
  });
});
