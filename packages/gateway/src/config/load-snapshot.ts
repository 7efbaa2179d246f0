import { decryptSecret, type MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { compilePathTemplate } from "@portico/policy/path-template";
import { AddressList } from "@portico/settings";
import type { JWK } from "jose";
import { readSecuritySchemes } from "../auth/read-security-schemes";
import type { DenyRule } from "../policies/check-deny-policies";
import { compileRequestSteps } from "./compile-request-steps";
import { attachedXacmlPolicies, type PolicyCache } from "./policy-cache";
import { readBackendJwt, readCors, readEndpoints, record, strings, toTier } from "./read-api-settings";
import { loadServedApis } from "./served-apis";
import type {
  ApiState,
  ApplicationEntry,
  ExternalKeyManager,
  RouteApi,
  RouteResource,
  Snapshot,
  SubscriptionEntry,
} from "./snapshot";

export { PolicyCache } from "./policy-cache";

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

// A range that no longer parses (a row edited by hand) matches every address: the rule's other
// conditions still narrow it, and a block an admin asked for is never dropped silently.
const EVERY_ADDRESS = { has: () => true };

function addressRange(spec: string): { has(address: string): boolean } {
  try {
    const list = new AddressList(spec);
    return list.empty ? EVERY_ADDRESS : list;
  } catch {
    return EVERY_ADDRESS;
  }
}

/** A stored deny policy as the hot path tests it (its range was validated when it was saved). */
function toDenyRule(row: {
  id: string;
  applicationId: string | null;
  username: string | null;
  ipRange: string | null;
  apiId: string | null;
  expiresAt: Date | null;
}): DenyRule {
  return {
    id: row.id,
    ...(row.applicationId !== null ? { applicationId: row.applicationId } : {}),
    ...(row.username !== null ? { username: row.username } : {}),
    ...(row.ipRange !== null ? { ipRange: addressRange(row.ipRange) } : {}),
    ...(row.apiId !== null ? { apiId: row.apiId } : {}),
    ...(row.expiresAt !== null ? { expiresAt: row.expiresAt.getTime() } : {}),
  };
}

/**
 * Reads the whole gateway configuration from the database. A policy that does not compile
 * makes its API refuse calls (fail closed) rather than serve them unchecked. APIs come from the
 * revisions deployed to the gateway's environment (see served-apis.ts).
 */
export async function loadSnapshot(
  db: Db,
  keyring: MasterKeyring,
  policies: PolicyCache,
  environment = "default",
  log: (level: "warn", message: string) => void = () => {},
): Promise<Snapshot> {
  const [apis, subscriptions, applications, signingKeys, keyManagers, denyRows] = await Promise.all([
    loadServedApis(db, environment, (message) => log("warn", message)),
    db.subscription.findMany({ include: { tier: true } }),
    db.application.findMany({
      include: {
        throttlingTier: true,
        owner: { select: { username: true } },
        certificates: { select: { thumbprint: true } },
      },
    }),
    db.signingKey.findMany({ where: { use: "ACCESS_TOKEN", status: { in: ["ACTIVE", "RETIRED"] } } }),
    db.keyManager.findMany({ where: { enabled: true } }),
    // expired rules too: the hot path compares expiry with the gateway's own clock
    db.denyPolicy.findMany(),
  ]);
  const residentKeyManagerIds = new Set(keyManagers.filter((k) => k.type === "RESIDENT").map((k) => k.id));

  const routes = new Map<string, RouteApi>();
  const byId = new Map<string, RouteApi>();
  for (const row of apis) {
    const attached = (resourceId: string | null) => attachedXacmlPolicies(row.policies, resourceId, policies);
    const stepsFor = compileRequestSteps(row.id, row.gatewayPolicies, row.openApi);
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
        requestSteps: stepsFor(r.method.toUpperCase(), r.pathTemplate),
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
      certificates: new Set(a.certificates.map((c) => c.thumbprint)),
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
    denyPolicies: denyRows.map(toDenyRule),
    loadedAt: Date.now(),
  };
}
