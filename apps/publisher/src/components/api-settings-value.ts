// Shared by the server pages (initial values) and the client form (payload): no "use client" here,
// or the pages would receive client references instead of callable functions.
import { corsSchema, HTTP_METHODS } from "@portico/api-policies/settings";

/** CORS defaults from the one schema the platform validates with and the gateway reads. */
const CORS_DEFAULTS = corsSchema.parse({ enabled: false });

export interface ApiSettingsValue {
  tiers: string[];
  keyManagers: string[];
  cors: {
    enabled: boolean;
    origins: string;
    methods: string[];
    headers: string;
    credentials: boolean;
    maxAge: string;
  };
  backendJwt: boolean;
  backendJwtHeader: string;
  backendJwtExpiry: string;
  backendJwtClaims: Array<{ name: string; source: string }>;
  forwardAuthorization: boolean;
  allowMethodOverride: boolean;
}

export interface ApiSettingsOptions {
  tiers: Array<{ name: string; description: string | null }>;
  keyManagers: Array<{ name: string; type: string }>;
}

export const CORS_METHODS: readonly string[] = HTTP_METHODS;

const list = (text: string) =>
  text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

/** The settings as the platform's createApi/updateApi input expects them. */
export function settingsPayload(v: ApiSettingsValue) {
  const maxAge = Number(v.cors.maxAge);
  const expiry = Number(v.backendJwtExpiry);
  return {
    tiers: v.tiers,
    keyManagers: v.keyManagers,
    cors: {
      enabled: v.cors.enabled,
      allowOrigins: list(v.cors.origins),
      allowMethods: v.cors.methods,
      allowHeaders: list(v.cors.headers),
      allowCredentials: v.cors.credentials,
      // a non-number goes through as is so the server names the field
      maxAge: v.cors.maxAge.trim() && Number.isFinite(maxAge) ? maxAge : v.cors.maxAge,
    },
    backendJwt: {
      enabled: v.backendJwt,
      ...(v.backendJwtHeader.trim() ? { header: v.backendJwtHeader.trim() } : {}),
      ...(v.backendJwtExpiry.trim()
        ? { expirySeconds: Number.isFinite(expiry) ? expiry : v.backendJwtExpiry }
        : {}),
      claims: Object.fromEntries(
        v.backendJwtClaims.filter((c) => c.name.trim()).map((c) => [c.name.trim(), c.source.trim()]),
      ),
    },
    forwardAuthorization: v.forwardAuthorization,
    allowMethodOverride: v.allowMethodOverride,
  };
}

/** Settings of an API as the platform shows it (ApiView), for the form's initial value. */
export function settingsOf(api: {
  tiers: string[];
  keyManagers: string[];
  cors: unknown;
  backendJwt: unknown;
  forwardAuthorization?: boolean;
  allowMethodOverride?: boolean;
}): ApiSettingsValue {
  const cors = (api.cors ?? {}) as Record<string, unknown>;
  const jwt = (api.backendJwt ?? {}) as Record<string, unknown>;
  const strings = (v: unknown, fallback: string[]) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : fallback;
  return {
    tiers: api.tiers,
    keyManagers: api.keyManagers,
    cors: {
      enabled: cors.enabled === true,
      origins: strings(cors.allowOrigins, CORS_DEFAULTS.allowOrigins).join(", "),
      methods: strings(cors.allowMethods, CORS_DEFAULTS.allowMethods),
      headers: strings(cors.allowHeaders, CORS_DEFAULTS.allowHeaders).join(", "),
      credentials: cors.allowCredentials === true,
      maxAge: String(typeof cors.maxAge === "number" ? cors.maxAge : CORS_DEFAULTS.maxAge),
    },
    backendJwt: jwt.enabled === true,
    backendJwtHeader: typeof jwt.header === "string" ? jwt.header : "",
    backendJwtExpiry: typeof jwt.expirySeconds === "number" ? String(jwt.expirySeconds) : "",
    backendJwtClaims: Object.entries((jwt.claims ?? {}) as Record<string, unknown>)
      .filter((e): e is [string, string] => typeof e[1] === "string")
      .map(([name, source]) => ({ name, source })),
    forwardAuthorization: api.forwardAuthorization === true,
    allowMethodOverride: api.allowMethodOverride === true,
  };
}
