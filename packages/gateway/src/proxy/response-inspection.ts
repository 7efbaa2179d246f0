import type { PolicyResponse } from "@portico/api-policies";
import type { ForwardInput } from "./forward-request";

/** An answer held back for response steps that read the body. */
export interface HeldAnswer {
  status: number;
  /** flat `writeHead` list, as the steps left it */
  headers: string[];
  response: PolicyResponse;
  chunks: Buffer[];
  size: number;
  limit: number;
}

function toRecord(flat: readonly string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i] as string;
    const value = flat[i + 1] as string;
    const seen = headers[name];
    headers[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return headers;
}

function toFlat(headers: PolicyResponse["headers"]): string[] {
  const flat: string[] = [];
  for (const name in headers) {
    const value = headers[name] as string | string[];
    if (Array.isArray(value)) for (const v of value) flat.push(name, v);
    else flat.push(name, value);
  }
  return flat;
}

/**
 * Shows the backend's status and headers to the route's response steps (they may edit the
 * headers) and decides whether the answer is held for the steps that read bodies: when one does
 * and the answer's declared length (if any) is within their limit.
 */
export function inspectHead(
  input: ForwardInput,
  status: number,
  head: { headers: string[]; length?: number },
): { head: { headers: string[]; length?: number }; held?: HeldAnswer } {
  const { pipeline, call } = input.response as NonNullable<ForwardInput["response"]>;
  const response: PolicyResponse = { status, headers: toRecord(head.headers) };
  for (const step of pipeline.steps) step.head?.(call, response);
  const headers = toFlat(response.headers);
  const limit = pipeline.bodyLimit;
  const fits = head.length === undefined || call.method === "HEAD" || head.length <= limit;
  if (limit === 0 || !fits) return { head: { ...head, headers } };
  return { head: { ...head, headers }, held: { status, headers, response, chunks: [], size: 0, limit } };
}

/** The held body, shown to the steps that read it (their errors never break the answer). */
export function releaseHeld(input: ForwardInput, held: HeldAnswer): Buffer {
  const { pipeline, call } = input.response as NonNullable<ForwardInput["response"]>;
  const body = held.chunks.length === 1 ? (held.chunks[0] as Buffer) : Buffer.concat(held.chunks, held.size);
  for (const step of pipeline.steps) {
    if (step.body === undefined || body.length > (step.bodyLimit ?? 0)) continue;
    try {
      step.body(call, held.response, body);
    } catch (error) {
      call.warn("a response policy failed on the backend's answer; the answer was sent as it was", {
        error: error instanceof Error ? error.name : "unknown",
      });
    }
  }
  return body;
}
