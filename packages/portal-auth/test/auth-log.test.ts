import { describe, expect, it } from "vitest";
import { authLogger } from "../src/auth-log";

describe("the portals' sign-in log", () => {
  it("writes one JSON line per event, with no stack, no metadata and no token-like strings", () => {
    const lines: string[] = [];
    const log = authLogger("portico-devportal", (line) => lines.push(line));
    const failure = new Error(
      "expected 200 OK, got: 400 invalid_grant for code eyJhbGciOiJSUzI1NiJ9.payload.sig",
    );
    log.error?.("OAUTH_CALLBACK_ERROR", {
      error: failure,
      providerId: "portico",
      tokens: { access_token: "x" },
    });
    log.warn?.("NEXTAUTH_URL");
    log.debug?.("OAUTH_CALLBACK_RESPONSE", { tokens: "secret" });

    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith("\n") && line.indexOf("\n") === line.length - 1)).toBe(true);
    const [error, warning] = lines.map((line) => JSON.parse(line));
    expect(error).toMatchObject({
      level: "error",
      service: "portal-auth",
      portal: "portico-devportal",
      event: "OAUTH_CALLBACK_ERROR",
      error: "Error",
    });
    expect(error.message).toContain("invalid_grant");
    expect(error.message).not.toContain("eyJhbGciOiJSUzI1NiJ9");
    expect(lines[0]).not.toMatch(/at .*\.ts:\d+|access_token|providerId/);
    expect(warning).toMatchObject({ level: "warn", event: "NEXTAUTH_URL" });
  });
});
