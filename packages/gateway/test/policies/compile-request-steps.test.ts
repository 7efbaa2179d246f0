import { describe, expect, it } from "vitest";
import { compileRequestSteps } from "../../src/config/compile-request-steps";

const mediation = { policy: "header-mediation", config: { headers: [{ action: "remove", name: "cookie" }] } };

describe("compiling attached policies at snapshot time", () => {
  it("gives resources without attachments no pipeline at all, so their calls pay nothing", () => {
    expect(compileRequestSteps("api1", [], null)("GET", "/x")).toBeUndefined();
    expect(compileRequestSteps("api1", "[]", null)("GET", "/x")).toBeUndefined();
    const onOther = compileRequestSteps(
      "api1",
      [{ ...mediation, resource: { method: "GET", path: "/y" } }],
      null,
    );
    expect(onOther("GET", "/x")).toBeUndefined();
    expect(onOther("GET", "/y")?.steps).toHaveLength(1);
  });

  it("reads the body only for pipelines whose policies ask for it", () => {
    const steps = compileRequestSteps("api1", [mediation, { policy: "threat-protection" }], null);
    expect(steps("POST", "/x")).toMatchObject({ readsBody: true });
    expect(compileRequestSteps("api1", [mediation], null)("POST", "/x")).toMatchObject({ readsBody: false });
  });

  it("fails closed on a stored attachment that no longer validates", () => {
    const pipeline = compileRequestSteps(
      "api1",
      [{ policy: "header-mediation", config: { headers: 7 } }],
      null,
    )("GET", "/x");
    expect(pipeline?.steps).toHaveLength(1);
    expect(() => pipeline?.steps[0]?.({} as never)).toThrow(/cannot be applied/);
  });

  it("gives response-phase policies a response pipeline, and the body limit of the steps that read one", () => {
    const breaker = compileRequestSteps("api2", [{ policy: "circuit-breaker" }], null)("GET", "/x");
    expect(breaker?.steps).toHaveLength(0);
    expect(breaker?.response?.steps).toHaveLength(1);
    expect(breaker?.response?.bodyLimit).toBe(0);
    const cached = compileRequestSteps(
      "api3",
      [mediation, { policy: "response-cache", config: { maxEntryBytes: 2048 } }],
      null,
    );
    expect(cached("GET", "/x")).toMatchObject({ response: { bodyLimit: 2048 } });
    // a cache has nothing to do on a POST resource: no response pipeline there
    expect(cached("POST", "/x")?.response).toBeUndefined();
    expect(compileRequestSteps("api1", [mediation], null)("GET", "/x")?.response).toBeUndefined();
  });

  it("fails closed when response validation is asked for without an OpenAPI document", () => {
    const pipeline = compileRequestSteps(
      "api4",
      [{ policy: "request-validation", config: { responses: "log" } }],
      null,
    )("GET", "/x");
    expect(() => pipeline?.steps[0]?.({} as never)).toThrow(/cannot be applied/);
  });
});
