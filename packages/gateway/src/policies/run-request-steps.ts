import {
  type PolicyLimit,
  PolicyRejection,
  type PolicyRequest,
  type RequestStep,
} from "@portico/api-policies";
import { GatewayError } from "../errors";

const NO_CLAIMS: Readonly<Record<string, unknown>> = Object.freeze({});

export interface StepInput {
  method: string;
  /** the path after the API's context and version */
  path: string;
  /** `?…` or `""` */
  query: string;
  headers: Record<string, string | string[]>;
  claims: Readonly<Record<string, unknown>> | undefined;
  clientIp: string;
  body: Buffer | undefined;
}

/**
 * Runs a route's attached request-phase policies in their order and returns the query string
 * to send (a step may rewrite it; headers are edited in place) and the limits the steps asked
 * to be counted against. A policy's refusal becomes the
 * gateway's error answer.
 */
export function runRequestSteps(
  steps: readonly RequestStep[],
  input: StepInput,
): {
  query: string;
  limits: readonly PolicyLimit[];
  responseTimeoutMs: number | undefined;
  connectTimeoutMs: number | undefined;
} {
  const request: PolicyRequest = {
    method: input.method,
    path: input.path,
    query: input.query,
    headers: input.headers,
    claims: input.claims ?? NO_CLAIMS,
    clientIp: input.clientIp,
    body: input.body,
    limits: [],
    responseTimeoutMs: undefined,
    connectTimeoutMs: undefined,
  };
  try {
    for (const step of steps) step(request);
  } catch (error) {
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
  return {
    query: request.query,
    limits: request.limits,
    responseTimeoutMs: request.responseTimeoutMs,
    connectTimeoutMs: request.connectTimeoutMs,
  };
}
