import { describe, expect, it } from "vitest";
import { attachmentsSchema } from "../attachment-schema";
import type { PolicyRequest } from "../request-step";
import { compileBackendTimeout } from "./handler";
import { backendTimeoutSchema } from "./schema";

const fieldsOf = (gatewayPolicies: unknown) =>
  attachmentsSchema.safeParse(gatewayPolicies).error?.issues.map((i) => i.path.join(".")) ?? [];

describe("backend-timeout", () => {
  it.each([
    [{ connectTimeoutMs: 249 }, "0.config.connectTimeoutMs"],
    [{ connectTimeoutMs: 60_001 }, "0.config.connectTimeoutMs"],
    [{ connectTimeoutMs: "1s" }, "0.config.connectTimeoutMs"],
    [{ responseTimeoutMs: 999 }, "0.config.responseTimeoutMs"],
  ])("refuses %j, naming the field", (config, field) => {
    expect(fieldsOf([{ policy: "backend-timeout", config }])).toEqual([field]);
  });

  it("keeps the shortest connect and response timeouts of the attachments that apply", () => {
    const request = { responseTimeoutMs: undefined, connectTimeoutMs: undefined } as unknown as PolicyRequest;
    compileBackendTimeout(backendTimeoutSchema.parse({ connectTimeoutMs: 2_000 }))(request);
    compileBackendTimeout(backendTimeoutSchema.parse({ responseTimeoutMs: 5_000, connectTimeoutMs: 800 }))(
      request,
    );
    compileBackendTimeout(backendTimeoutSchema.parse({ connectTimeoutMs: 3_000 }))(request);
    expect(request).toMatchObject({ responseTimeoutMs: 5_000, connectTimeoutMs: 800 });
  });
});
