import { describe, expect, it } from "vitest";
import { attachmentSchema } from "../attachment-schema";
import type { PolicyRequest } from "../request-step";
import { compileHeaderMediation } from "./handler";
import { headerMediationSchema } from "./schema";

const request = (over: Partial<PolicyRequest> = {}): PolicyRequest => ({
  method: "GET",
  path: "/orders",
  query: "",
  headers: {},
  claims: {},
  clientIp: "203.0.113.9",
  body: undefined,
  limits: [],
  responseTimeoutMs: undefined,
  ...over,
});

describe("header-mediation config", () => {
  it("fills defaults and lower-cases header names", () => {
    const config = headerMediationSchema.parse({ headers: [{ action: "remove", name: "Cookie" }] });
    expect(config).toEqual({ headers: [{ action: "remove", name: "cookie" }], query: [] });
  });

  it.each([
    [{ headers: [{ action: "set", name: "Host", value: "evil" }] }, "headers.0.name"],
    [{ headers: [{ action: "set", name: "x-a", value: "a\r\nx-b: b" }] }, "headers.0.value"],
    [{ headers: [{ action: "set", name: "bad name", value: "x" }] }, "headers.0.name"],
    [{ headers: [{ action: "rename", name: "x-a", to: "x-forwarded-for" }] }, "headers.0.to"],
    [{ headers: Array.from({ length: 31 }, () => ({ action: "remove", name: "x-a" })) }, "headers"],
    [{ query: [{ action: "drop", name: "q" }] }, "query.0.action"],
    [{ headers: [], extra: true }, ""],
  ])("refuses %j", (input, path) => {
    const parsed = headerMediationSchema.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toContain(path);
  });

  it("names the failing field inside an attachment", () => {
    const parsed = attachmentSchema.safeParse({
      policy: "header-mediation",
      config: { headers: [{ action: "set", name: "content-length", value: "0" }] },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["config", "headers", 0, "name"]);
  });
});

describe("header-mediation step", () => {
  it("sets from claims, removes and renames, in order", () => {
    const step = compileHeaderMediation(
      headerMediationSchema.parse({
        headers: [
          { action: "set", name: "X-User", value: "user={claims.sub} roles={claims.roles}" },
          { action: "set", name: "X-Client-IP", value: "{client.ip}" },
          { action: "remove", name: "Cookie" },
          { action: "rename", name: "X-Old", to: "X-New" },
        ],
      }),
    );
    const r = request({
      headers: { "x-user": "spoofed", cookie: "a=b", "x-old": "kept" },
      claims: { sub: "ann", roles: ["admin", "dev"] },
    });
    step(r);
    expect(r.headers).toEqual({
      "x-user": "user=ann roles=admin dev",
      "x-client-ip": "203.0.113.9",
      "x-new": "kept",
    });
  });

  it("removes a set header when its claim is absent or would split the header", () => {
    const step = compileHeaderMediation(
      headerMediationSchema.parse({ headers: [{ action: "set", name: "X-User", value: "{claims.sub}" }] }),
    );
    const open = request({ headers: { "x-user": "spoofed" } });
    step(open);
    expect(open.headers).toEqual({});
    const hostile = request({ headers: {}, claims: { sub: "ann\r\nx-admin: 1" } });
    step(hostile);
    expect(hostile.headers).toEqual({});
  });

  it("edits the query string, and leaves it untouched without query rules", () => {
    const step = compileHeaderMediation(
      headerMediationSchema.parse({
        query: [
          { action: "rename", name: "q", to: "search" },
          { action: "set", name: "tenant", value: "{claims.org}" },
          { action: "remove", name: "debug" },
        ],
      }),
    );
    const r = request({ query: "?q=a&q=b&debug=1&tenant=other", claims: { org: "acme" } });
    step(r);
    expect(r.query).toBe("?tenant=acme&search=a&search=b");
    const headersOnly = compileHeaderMediation(headerMediationSchema.parse({}));
    const untouched = request({ query: "?a=%20b" });
    headersOnly(untouched);
    expect(untouched.query).toBe("?a=%20b");
  });
});
