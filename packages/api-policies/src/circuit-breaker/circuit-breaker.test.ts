import { describe, expect, it } from "vitest";
import { attachmentsSchema } from "../attachment-schema";
import { PolicyRejection } from "../request-step";
import type { PolicyCall } from "../response-step";
import { Circuit } from "./handler";
import { circuitBreakerSchema } from "./schema";

const fieldsOf = (gatewayPolicies: unknown) =>
  attachmentsSchema.safeParse(gatewayPolicies).error?.issues.map((i) => i.path.join(".")) ?? [];

let now = 0;
const call = () => ({ now }) as PolicyCall;

describe("circuit-breaker", () => {
  it("fills its defaults", () => {
    expect(circuitBreakerSchema.parse({})).toEqual({
      failureThreshold: 5,
      windowSeconds: 30,
      openSeconds: 30,
      halfOpenProbes: 1,
    });
  });

  it.each([
    [{ failureThreshold: 0 }, "0.config.failureThreshold"],
    [{ failureThreshold: 1.5 }, "0.config.failureThreshold"],
    [{ windowSeconds: 3_601 }, "0.config.windowSeconds"],
    [{ openSeconds: 0 }, "0.config.openSeconds"],
    [{ halfOpenProbes: 101 }, "0.config.halfOpenProbes"],
    [{ halfOpen: 1 }, "0.config"],
  ])("refuses %j, naming the field", (config, field) => {
    expect(fieldsOf([{ policy: "circuit-breaker", config }])).toEqual([field]);
  });

  it("lets only the allowed number of probes through at once when half-open", () => {
    const circuit = new Circuit(circuitBreakerSchema.parse({ failureThreshold: 2, halfOpenProbes: 2 }));
    for (let i = 0; i < 2; i++) {
      const c = call();
      circuit.before(c);
      circuit.end(c, { status: 502 });
    }
    expect(() => circuit.before(call())).toThrow(PolicyRejection);
    now += 30_000;
    const probes = [call(), call()];
    for (const p of probes) circuit.before(p);
    expect(() => circuit.before(call())).toThrow(/refused/);
    // a probe that never reached the backend frees its place without deciding
    circuit.end(probes[0] as PolicyCall, { failure: "not_sent" });
    const third = call();
    circuit.before(third);
    circuit.end(third, { status: 200 });
    circuit.before(call()); // closed: no limit
    circuit.before(call());
  });
});
