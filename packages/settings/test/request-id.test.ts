import { describe, expect, it } from "vitest";
import { requestIdOf } from "../src/request-id";

describe("requestIdOf", () => {
  it("keeps a caller's well-formed id", () => {
    expect(requestIdOf("4bf92f3577b34da6a3ce929d0e0e4736")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(requestIdOf("req-1.2:3_x")).toBe("req-1.2:3_x");
  });

  it("replaces an id that could forge a log line or a header, an overlong one, and repeats", () => {
    for (const hostile of ["", "a\r\nx-admin: 1", 'a","level":"error', "a b", "x".repeat(129), "é"]) {
      const id = requestIdOf(hostile);
      expect(id).not.toBe(hostile);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(requestIdOf(["a", "b"])).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(undefined)).not.toBe(requestIdOf(undefined));
  });
});
