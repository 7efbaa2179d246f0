import { describe, expect, it } from "vitest";
import { findPolicy, policyDefinitions } from "../src/index";

describe("policy registry", () => {
  it("names every policy once, in kebab-case", () => {
    const names = policyDefinitions.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it("finds nothing for an unknown name", () => {
    expect(findPolicy("no-such-policy")).toBeUndefined();
  });
});
