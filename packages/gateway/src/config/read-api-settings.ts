import {
  backendJwtSchema,
  CORS_DEFAULT_HEADERS,
  CORS_DEFAULT_METHODS,
  corsSchema,
  endpointUrl,
  readStoredConfig,
} from "@portico/api-policies";
import type { BackendJwtConfig, CorsConfig, Endpoint, Tier } from "./snapshot";

// An API's settings as stored, read with the same schemas the platform validates them with
// (`@portico/api-policies`): one bad field falls back to its default instead of failing the
// whole snapshot, and no bound or default is written twice.

export function parseJsonValue(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function strings(value: unknown): string[] {
  const parsed = parseJsonValue(value);
  if (typeof parsed === "string") return [parsed];
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === "string") : [];
}

export function record(value: unknown): Record<string, unknown> {
  const parsed = parseJsonValue(value);
  return parsed && typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/**
 * The endpoint and its failovers, parsed, in the order the gateway tries them. A URL the
 * platform would not accept (a row edited by hand) is left out rather than failing the snapshot.
 */
export function readEndpoints(primary: string | null, failovers: unknown): Endpoint[] {
  if (!primary) return [];
  const endpoints: Endpoint[] = [];
  for (const text of [primary, ...strings(failovers)]) {
    if (!endpointUrl.safeParse(text).success) continue;
    const url = new URL(text);
    const basePath = url.pathname.replace(/\/+$/, "");
    endpoints.push({ origin: url.origin, basePath, key: url.origin + basePath });
  }
  return endpoints;
}

export function readCors(value: unknown): CorsConfig {
  const c = readStoredConfig(corsSchema, parseJsonValue(value), { enabled: false });
  return {
    enabled: c.enabled,
    allowOrigins: c.allowOrigins,
    // an empty list means the defaults, as the publisher form shows them
    allowMethods: c.allowMethods.length > 0 ? c.allowMethods : [...CORS_DEFAULT_METHODS],
    allowHeaders: c.allowHeaders.length > 0 ? c.allowHeaders : CORS_DEFAULT_HEADERS,
    exposeHeaders: c.exposeHeaders,
    allowCredentials: c.allowCredentials,
    maxAge: c.maxAge,
  };
}

export function readBackendJwt(value: unknown): BackendJwtConfig {
  const c = readStoredConfig(backendJwtSchema, parseJsonValue(value), { enabled: false });
  return {
    enabled: c.enabled,
    header: c.header.toLowerCase(),
    expirySeconds: c.expirySeconds,
    claims: c.claims,
  };
}

export function toTier(
  tier:
    | {
        id: string;
        name: string;
        requestCount: number | null;
        unitSeconds: number;
        burst: number | null;
        unlimited: boolean;
      }
    | null
    | undefined,
): Tier | undefined {
  if (!tier) return undefined;
  return {
    id: tier.id,
    name: tier.name,
    requestCount: tier.requestCount,
    unitSeconds: Math.max(1, tier.unitSeconds),
    ...(tier.burst !== null && tier.burst > 0 ? { burst: tier.burst } : {}),
    unlimited: tier.unlimited || tier.requestCount === null,
  };
}
