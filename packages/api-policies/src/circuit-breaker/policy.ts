import { definePolicy } from "../define-policy";
import { compileCircuitBreaker } from "./handler";
import { circuitBreakerSchema } from "./schema";

export const circuitBreakerPolicy = definePolicy({
  name: "circuit-breaker",
  title: "Circuit breaker",
  description:
    "Stops calling a failing backend: after N 5xx answers or timeouts within a window, calls are 503 circuit_open for a cool-down, then a few probes decide.",
  levels: ["api", "resource"],
  phase: "response",
  schema: circuitBreakerSchema,
  compileResponse: compileCircuitBreaker,
});
