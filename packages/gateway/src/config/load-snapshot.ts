import { decryptSecret, type MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { createPdp, type Pdp } from "@portico/policy";
import { compilePathTemplate } from "@portico/policy/path-template";
import type { JWK } from "jose";
import { readSecuritySchemes } from "../auth/read-security-schemes";
import type {
  ApiState,
  ApplicationEntry,
  AttachedPolicy,
  BackendJwtConfig,
  CorsConfig,
  Endpoint,
  ExternalKeyManager,
  RouteApi,
  RouteResource,
  Snapshot,
  SubscriptionEntry,
  Tier,
} from "./snapshot";

export const DEFAULT_BACKEND_JWT_HEADER = "x-jwt-assertion";
export const DEFAULT_BACKEND_JWT_EXPIRY_SECONDS = 900;

function record(value: unknown): Record<string, unknown> {
  if (typeof value === "string") {
    try {
      return record(JSON.parse(value));
    } catch {
      return {};
    }
  }
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function strings(value: unknown): string[] {
  if (typeof value === "string") {
    try {
      return strings(JSON.parse(value));
    } catch {
      return [value];
    }
  }
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/**
 * The endpoint and its failovers, parsed, in the order the gateway tries them. The portals accept
 * only http(s) URLs; anything else in the row (edited by hand) is left out rather than failing
 * the whole snapshot.
 */
function readEndpoints(primary: string | null, failovers: unknown): Endpoint[] {
  if (!primary) return [];
  const endpoints: Endpoint[] = [];
  for (const text of [primary, ...strings(failovers)]) {
    try {
      const url = new URL(text);
      if (url.protocol !== "http:" && url.protocol !== "https:") continue;
      const basePath = url.pathname.replace(/\/+$/, "");
      endpoints.push({ origin: url.origin, basePath, key: url.origin + basePath });
    } catch {
      // not a URL
    }
  }
  return endpoints;
}

function readCors(value: unknown): CorsConfig {
  const c = record(value);
  return {
    enabled: c.enabled === true,
    allowOrigins: strings(c.allowOrigins),
    allowMethods: strings(c.allowMethods).map((m) => m.toUpperCase()),
    allowHeaders: strings(c.allowHeaders),
    exposeHeaders: strings(c.exposeHeaders),
    allowCredentials: c.allowCredentials === true,
    ...(typeof c.maxAge === "number" ? { maxAge: c.maxAge } : {}),
  };
}

function readBackendJwt(value: unknown): BackendJwtConfig {
  const c = record(value);
  const header =
    typeof c.header === "string" && /^[A-Za-z0-9-]{1,100}$/.test(c.header)
      ? c.header.toLowerCase()
      : DEFAULT_BACKEND_JWT_HEADER;
  const expiry =
    typeof c.expirySeconds === "number" && c.expirySeconds >= 10 && c.expirySeconds <= 86_400
      ? Math.floor(c.expirySeconds)
      : DEFAULT_BACKEND_JWT_EXPIRY_SECONDS;
  const claims: Record<string, string> = {};
  for (const [name, source] of Object.entries(record(c.claims)))
    if (typeof source === "string") claims[name] = source;
  return {
    enabled: c.enabled === true,
    header,
    expirySeconds: expiry,
    claims,
  };
}

function toTier(
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

/** Compiled policies survive reloads: recompiling only what changed keeps reloads cheap. */
export class PolicyCache {
  private readonly compiled = new Map<string, Pdp>();

  get(key: string, text: string): Pdp {
    let pdp = this.compiled.get(key);
    if (!pdp) {
      pdp = createPdp([{ text, name: key }]);
      this.compiled.set(key, pdp);
    }
    return pdp;
  }
}

function decryptClientSecret(keyring: MasterKeyring, value: string, id: string): string | undefined {
  // The admin area encrypts it bound to the key manager; older rows may carry no context.
  for (const context of [`key-manager:${id}`, `KeyManager.clientSecret:${id}`, ""]) {
    try {
      return decryptSecret(keyring, value, context);
    } catch {
      // try the next binding
    }
  }
  return undefined;
}

/**
 * Reads the whole gateway configuration from the database. A policy that does not compile
 * makes its API refuse calls (fail closed) rather than serve them unchecked.
 */
export async function loadSnapshot(db: Db, keyring: MasterKeyring, policies: PolicyCache): Promise<Snapshot> {
  const [apis, subscriptions, applications, signingKeys, keyManagers] = await Promise.all([
    db.api.findMany({
      where: { state: { in: ["PUBLISHED", "DEPRECATED", "BLOCKED", "RETIRED"] } },
      include: {
        throttlingTier: true,
        keyManagers: true,
        resources: { include: { throttlingTier: true, scopes: { include: { scope: true } } } },
        policies: { include: { policy: { include: { versions: true } } } },
      },
    }),
    db.subscription.findMany({ include: { tier: true } }),
    db.application.findMany({ include: { throttlingTier: true, owner: { select: { username: true } } } }),
    db.signingKey.findMany({ where: { use: "ACCESS_TOKEN", status: { in: ["ACTIVE", "RETIRED"] } } }),
    db.keyManager.findMany({ where: { enabled: true } }),
  ]);
  const residentKeyManagerIds = new Set(keyManagers.filter((k) => k.type === "RESIDENT").map((k) => k.id));

  const routes = new Map<string, RouteApi>();
  const byId = new Map<string, RouteApi>();
  for (const row of apis) {
    const attached = (resourceId: string | null): AttachedPolicy[] =>
      row.policies
        .filter((a) => a.resourceId === resourceId && a.policy.enabled)
        .map((a) => {
          const version =
            a.policy.versions.find((v) => v.version === a.policy.currentVersion) ?? a.policy.versions.at(-1);
          const onNotApplicable = a.onNotApplicable === "permit" ? "permit" : "deny";
          if (!version)
            return { policyName: a.policy.name, pdp: denyingPdp(), onNotApplicable: "deny" as const };
          try {
            return {
              policyName: a.policy.name,
              pdp: policies.get(`${a.policy.id}@${version.version}`, version.content),
              onNotApplicable,
            };
          } catch {
            return { policyName: a.policy.name, pdp: denyingPdp(), onNotApplicable: "deny" as const };
          }
        });
    const resources: RouteResource[] = row.resources
      .map((r) => ({
        id: r.id,
        throttleKey: `res:${r.id}`,
        method: r.method.toUpperCase(),
        template: compilePathTemplate(r.pathTemplate),
        authRequired: r.authRequired,
        scopes: r.scopes.map((s) => s.scope.name),
        tier: toTier(r.throttlingTier),
        policies: attached(r.id),
      }))
      .sort((a, b) => b.template.rank - a.template.rank);
    const backendJwt = readBackendJwt(row.backendJwt);
    const transports = new Set(strings(row.transports).map((t) => t.toLowerCase()));
    const context = row.context.replace(/\/+$/, "") || "/";
    const api: RouteApi = {
      id: row.id,
      name: row.name,
      version: row.version,
      context,
      label: `${context}/${row.version}`,
      throttleKey: `api:${row.id}`,
      state: row.state as ApiState,
      isDefaultVersion: row.isDefaultVersion,
      transports: transports.size > 0 ? transports : new Set(["https"]),
      productionEndpoints: readEndpoints(row.productionEndpoint, row.productionFailovers),
      sandboxEndpoints: readEndpoints(row.sandboxEndpoint, row.sandboxFailovers),
      loadBalance: row.loadBalance,
      cors: readCors(row.cors),
      backendJwt,
      forwardAuthorization: row.forwardAuthorization,
      allowMethodOverride: row.allowMethodOverride,
      tier: toTier(row.throttlingTier),
      resources,
      policies: attached(null),
      keyManagerIds: new Set(row.keyManagers.map((k) => k.keyManagerId)),
      security: readSecuritySchemes(row.securitySchemes),
    };
    byId.set(api.id, api);
    routes.set(api.label, api);
  }
  // Default versions claim the bare context, unless a versioned route already has that path.
  for (const api of byId.values()) {
    if (api.isDefaultVersion && !routes.has(api.context)) routes.set(api.context, api);
  }

  const subscriptionMap = new Map<string, Map<string, SubscriptionEntry>>();
  for (const s of subscriptions) {
    let ofApi = subscriptionMap.get(s.apiId);
    if (!ofApi) {
      ofApi = new Map();
      subscriptionMap.set(s.apiId, ofApi);
    }
    ofApi.set(s.applicationId, {
      id: s.id,
      throttleKey: `sub:${s.id}`,
      state: s.state,
      tier: toTier(s.tier),
    });
  }
  const applicationMap = new Map<string, ApplicationEntry>();
  for (const a of applications) {
    applicationMap.set(a.id, {
      id: a.id,
      throttleKey: `app:${a.id}`,
      name: a.name,
      status: a.status,
      owner: a.owner.username,
      tier: toTier(a.throttlingTier),
    });
  }
  const accessTokenKeys: JWK[] = signingKeys.map((k) => ({
    ...(record(k.publicJwk) as JWK),
    kid: k.kid,
    alg: k.alg,
  }));
  const externalKeyManagers = new Map<string, ExternalKeyManager>();
  for (const k of keyManagers) {
    if (k.type !== "EXTERNAL") continue;
    const secret = k.clientSecretEnc ? decryptClientSecret(keyring, k.clientSecretEnc, k.id) : undefined;
    const mappings: Record<string, string> = {};
    for (const [name, source] of Object.entries(record(k.claimMappings)))
      if (typeof source === "string") mappings[name] = source;
    externalKeyManagers.set(k.issuer, {
      id: k.id,
      name: k.name,
      issuer: k.issuer,
      ...(k.jwksUri ? { jwksUri: k.jwksUri } : {}),
      ...(k.introspectionEndpoint ? { introspectionEndpoint: k.introspectionEndpoint } : {}),
      ...(k.clientId ? { clientId: k.clientId } : {}),
      ...(secret ? { clientSecret: secret } : {}),
      claimMappings: mappings,
      tokenValidation: k.tokenValidation === "INTROSPECTION" ? "INTROSPECTION" : "JWKS",
    });
  }
  return {
    routes,
    apis: byId,
    subscriptions: subscriptionMap,
    applications: applicationMap,
    accessTokenKeys,
    externalKeyManagers,
    residentKeyManagerIds,
    loadedAt: Date.now(),
  };
}

/** Stands in for a policy that cannot be read: every decision is Deny. */
function denyingPdp(): Pdp {
  const result = {
    decision: "Deny" as const,
    status: { code: "urn:oasis:names:tc:xacml:1.0:status:processing-error" },
    obligations: [],
    advice: [],
  };
  return {
    root: { kind: "Policy", id: "unreadable", version: "1.0" },
    evaluate: (() => {
      throw new Error("unreadable policy");
    }) as Pdp["evaluate"],
    decide: () => result,
    decideRequest: () => result,
  };
}
