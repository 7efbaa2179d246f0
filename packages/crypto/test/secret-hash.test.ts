import { describe, expect, it } from "vitest";
import { CryptoError, constantTimeEqual, hashSecret, verifySecret } from "../src/index";

describe("secret hashing", () => {
  it("verifies the right secret and refuses others", async () => {
    const stored = await hashSecret("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain("horse");
    expect(await verifySecret("correct horse battery staple", stored)).toBe(true);
    expect(await verifySecret("correct horse battery stapl", stored)).toBe(false);
    expect(await verifySecret("", stored)).toBe(false);
  });

  it("salts: the same secret hashes differently", async () => {
    expect(await hashSecret("x")).not.toBe(await hashSecret("x"));
  });

  it("rejects a malformed stored hash with a code", async () => {
    await expect(verifySecret("x", "md5$abc")).rejects.toBeInstanceOf(CryptoError);
  });

  it("compares strings in constant time", () => {
    expect(constantTimeEqual("abc", "abc")).toBe(true);
    expect(constantTimeEqual("abc", "abd")).toBe(false);
    expect(constantTimeEqual("abc", "abcd")).toBe(false);
  });
});
