import type { RequestStep } from "../request-step";
import type { BackendTimeoutConfig } from "./schema";

/** The shortest timeout attached wins (an API-wide one and a resource's own, say). */
export function compileBackendTimeout(config: BackendTimeoutConfig): RequestStep {
  const ms = config.responseTimeoutMs;
  const connectMs = config.connectTimeoutMs;
  return (request) => {
    if (request.responseTimeoutMs === undefined || ms < request.responseTimeoutMs)
      request.responseTimeoutMs = ms;
    if (
      connectMs !== undefined &&
      (request.connectTimeoutMs === undefined || connectMs < request.connectTimeoutMs)
    )
      request.connectTimeoutMs = connectMs;
  };
}
