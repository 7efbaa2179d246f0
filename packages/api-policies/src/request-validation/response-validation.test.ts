import { describe, expect, it } from "vitest";
import { attachmentsSchema } from "../attachment-schema";
import { requestValidationSchema } from "./schema";

describe("request-validation: response checking", () => {
  it("is off unless asked for", () => {
    expect(requestValidationSchema.parse({}).responses).toBeUndefined();
    expect(requestValidationSchema.parse({ responses: "log" }).responses).toBe("log");
  });

  it("refuses a mode it does not know, naming the field", () => {
    const parsed = attachmentsSchema.safeParse([
      { policy: "request-validation", config: { responses: "enforce" } },
    ]);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["0.config.responses"]);
  });
});
