import type { ServerResponse } from "node:http";
import { type CallOutcome, type PolicyCall, PolicyRejection, type ResponseStep } from "@portico/api-policies";
import type { ResponsePipeline } from "../config/compile-response-steps";
import { GatewayError } from "../errors";
import type { ForwardInput, UpstreamProxy } from "./forward-request";

const NOT_SENT: CallOutcome = { failure: "not_sent" };
const CALLER: CallOutcome = { failure: "caller" };

function outcomeOf(error: unknown, input: ForwardInput): CallOutcome {
  // the caller hung up, or sent what the gateway refuses (413, 400): nothing the backend did
  if (input.res.destroyed) return CALLER;
  if (error instanceof GatewayError && error.status < 500) return CALLER;
  const code = error instanceof GatewayError ? error.code : undefined;
  if (code === "backend_timeout") return { failure: "timeout" };
  if (code === "backend_unavailable") return { failure: "unreachable" };
  return { failure: "error" };
}

function endAll(steps: readonly ResponseStep[], count: number, call: PolicyCall, outcome: CallOutcome): void {
  for (let i = 0; i < count; i++) (steps[i] as ResponseStep).end?.(call, outcome);
}

/**
 * Runs a route's response-phase steps around the backend exchange: each step's `before` in order
 * (a refusal or a stored answer stops there), then the call is forwarded with the steps watching
 * the answer, and every step that let the call through hears how it ended, exactly once.
 */
export async function forwardWithResponseSteps(
  proxy: UpstreamProxy,
  pipeline: ResponsePipeline,
  call: PolicyCall,
  input: ForwardInput,
): Promise<{ status: number }> {
  const { steps } = pipeline;
  let entered = 0;
  try {
    for (const step of steps) {
      const stored = step.before?.(call);
      entered++;
      if (stored !== undefined) {
        endAll(steps, entered, call, NOT_SENT);
        writeStored(
          input.res,
          input,
          stored.status,
          stored.headers,
          call.method === "HEAD" ? undefined : stored.body,
        );
        return { status: stored.status };
      }
    }
  } catch (error) {
    endAll(steps, entered, call, NOT_SENT);
    if (error instanceof PolicyRejection)
      throw new GatewayError(
        error.status,
        error.code,
        error.description,
        { ...error.headers },
        { cause: error },
      );
    throw error;
  }
  let result: { status: number };
  try {
    result = await proxy.forward({ ...input, response: { pipeline, call } });
  } catch (error) {
    endAll(steps, entered, call, outcomeOf(error, input));
    throw error;
  }
  endAll(steps, entered, call, result);
  return result;
}

function writeStored(
  res: ServerResponse,
  input: ForwardInput,
  status: number,
  stored: readonly string[],
  body: Buffer | undefined,
): void {
  const headers = [...stored];
  for (const name in input.responseHeaders) headers.push(name, input.responseHeaders[name] as string);
  for (const name in input.rateLimitHeaders) headers.push(name, input.rateLimitHeaders[name] as string);
  res.writeHead(status, headers);
  res.end(body);
}
