import { describe, expect, it } from "vitest";
import { findPolicy, parseSecuritySchemes, securitySchemesSchema } from "../src/index";

describe("security-schemes policy", () => {
  it("defaults to OAuth 2.0 with optional DPoP and no API keys", () => {
    expect(parseSecuritySchemes(null)).toEqual({
      oauth2: { enabled: true, dpop: "optional" },
      apiKey: { enabled: false, header: "apikey", resources: [] },
      mutualTls: { enabled: false },
      require: "any",
    });
    expect(findPolicy("security-schemes")?.schema).toBe(securitySchemesSchema);
  });

  it("refuses a header name that could split headers, unknown fields, and no scheme at all", () => {
    for (const bad of [
      { apiKey: { enabled: true, header: "api key\r\nx" } },
      { apiKey: { enabled: true, queryParameter: "a&b" } },
      { apiKey: { resources: ["FETCH /x"] } },
      { oauth2: { dpop: "sometimes" } },
      { extra: true },
      { oauth2: { enabled: false } },
    ])
      expect(securitySchemesSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
