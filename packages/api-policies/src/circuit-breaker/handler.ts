import type { CompileContext } from "../define-policy";
import { PolicyRejection } from "../request-step";
import type { CallOutcome, PolicyCall, ResponseStep } from "../response-step";
import type { CircuitBreakerConfig } from "./schema";

/**
 * One circuit: closed (calls pass, failures are counted), open (calls are refused until
 * `openUntil`), half-open (at most `halfOpenProbes` calls at once go through; the first answer
 * decides: success closes, failure opens again). Steps run on one thread, so the check and the
 * count of probes in flight in `before` cannot interleave: racing calls cannot all become probes.
 */
export class Circuit {
  private state: "closed" | "open" | "half-open" = "closed";
  /** times of the latest failures, a ring of `failureThreshold` */
  private readonly failures: number[];
  private next = 0;
  private recorded = 0;
  private openUntil = 0;
  private probesInFlight = 0;
  private readonly probes = new WeakSet<PolicyCall>();

  constructor(private readonly config: CircuitBreakerConfig) {
    this.failures = new Array(config.failureThreshold).fill(0);
  }

  before(call: PolicyCall): undefined {
    if (this.state === "open") {
      if (call.now < this.openUntil) throw refusal(this.openUntil - call.now);
      this.state = "half-open";
      this.probesInFlight = 0;
    }
    if (this.state === "half-open") {
      if (this.probesInFlight >= this.config.halfOpenProbes) throw refusal(1_000);
      this.probesInFlight++;
      this.probes.add(call);
    }
    return undefined;
  }

  end(call: PolicyCall, outcome: CallOutcome): void {
    // nothing about the backend's health: a hostile caller who hangs up cannot open the circuit
    if ("failure" in outcome && (outcome.failure === "not_sent" || outcome.failure === "caller")) {
      if (this.probes.delete(call)) this.probesInFlight--;
      return;
    }
    const failed = "failure" in outcome || outcome.status >= 500;
    if (this.probes.delete(call)) {
      this.probesInFlight--;
      if (this.state !== "half-open") return;
      if (failed) this.open(call.now);
      else this.close();
      return;
    }
    // answers to calls let through before the circuit opened do not count again
    if (this.state !== "closed" || !failed) return;
    const n = this.failures.length;
    this.failures[this.next] = call.now;
    this.next = (this.next + 1) % n;
    this.recorded = Math.min(this.recorded + 1, n);
    // the oldest of the last n failures is within the window: n failures in the window
    if (
      this.recorded === n &&
      (this.failures[this.next] as number) > call.now - this.config.windowSeconds * 1000
    )
      this.open(call.now);
  }

  private open(now: number): void {
    this.state = "open";
    this.openUntil = now + this.config.openSeconds * 1000;
    this.recorded = 0;
  }

  private close(): void {
    this.state = "closed";
    this.recorded = 0;
  }
}

function refusal(waitMs: number): PolicyRejection {
  return new PolicyRejection(
    503,
    "circuit_open",
    "the backend of this API is failing; calls are refused for a while",
    { "retry-after": String(Math.max(1, Math.ceil(waitMs / 1000))) },
  );
}

/**
 * Circuits live in the process, one per attachment (an API-wide one is shared by the API's
 * resources), and outlive configuration reloads while the attachment's configuration stays the
 * same. One entry per attachment ever compiled: bounded by the attachments stored.
 */
const circuits = new Map<string, { config: string; circuit: Circuit }>();

export function compileCircuitBreaker(config: CircuitBreakerConfig, context: CompileContext): ResponseStep {
  const key = JSON.stringify(config);
  let held = circuits.get(context.id);
  if (!held || held.config !== key) {
    held = { config: key, circuit: new Circuit(config) };
    circuits.set(context.id, held);
  }
  const circuit = held.circuit;
  return {
    before: (call) => circuit.before(call),
    end: (call, outcome) => circuit.end(call, outcome),
  };
}
