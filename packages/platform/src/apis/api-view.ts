import { parseSecuritySchemes } from "@portico/api-policies";
import type { Db, Prisma } from "@portico/db";

export const apiInclude = {
  resources: {
    include: { scopes: { include: { scope: true } }, throttlingTier: { select: { name: true } } },
    orderBy: [{ pathTemplate: "asc" }, { method: "asc" }],
  },
  scopes: { include: { roles: { include: { role: true } } }, orderBy: { name: "asc" } },
  tiers: { include: { tier: true } },
  keyManagers: { include: { keyManager: { select: { name: true } } } },
  owner: { select: { id: true, username: true } },
  _count: { select: { subscriptions: true } },
} satisfies Prisma.ApiInclude;

export type ApiRow = Prisma.ApiGetPayload<{ include: typeof apiInclude }>;

/** The API as the REST API and the pages show it. */
export function toApiView(api: ApiRow, gatewayUrl: string) {
  return {
    id: api.id,
    name: api.name,
    version: api.version,
    context: api.context,
    description: api.description,
    tags: api.tags as string[],
    state: api.state,
    visibility: api.visibility,
    visibleRoles: api.visibleRoles as string[],
    transports: api.transports as string[],
    endpoints: {
      production: api.productionEndpoint,
      sandbox: api.sandboxEndpoint,
      productionFailovers: api.productionFailovers as string[],
      sandboxFailovers: api.sandboxFailovers as string[],
      loadBalance: api.loadBalance,
    },
    isDefaultVersion: api.isDefaultVersion,
    cors: api.cors,
    backendJwt: api.backendJwt,
    forwardAuthorization: api.forwardAuthorization,
    allowMethodOverride: api.allowMethodOverride,
    /** which credentials the gateway accepts (security-schemes policy, defaults filled in) */
    securitySchemes: parseSecuritySchemes(api.securitySchemes),
    /** gateway policies attached to the API or its resources, in the order they run */
    gatewayPolicies: api.gatewayPolicies as unknown[],
    owner: api.owner ? { id: api.owner.id, username: api.owner.username } : null,
    gatewayUrls: apiGatewayUrls(gatewayUrl, api),
    scopes: api.scopes.map((s) => ({
      name: s.name,
      displayName: s.displayName,
      description: s.description,
      roles: s.roles.map((r) => r.role.name).sort(),
    })),
    resources: api.resources.map((r) => ({
      id: r.id,
      method: r.method,
      path: r.pathTemplate,
      authRequired: r.authRequired,
      description: r.description,
      scopes: r.scopes.map((s) => s.scope.name).sort(),
      /** the resource's own throttling tier (level API), if any */
      throttlingTier: r.throttlingTier?.name ?? null,
    })),
    tiers: api.tiers.map((t) => t.tier.name).sort(),
    /** key managers whose tokens the gateway accepts; empty = the resident one only */
    keyManagers: api.keyManagers.map((k) => k.keyManager.name).sort(),
    subscriptionCount: api._count.subscriptions,
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
  };
}
export type ApiView = ReturnType<typeof toApiView>;

export async function loadApi(db: Db, id: string): Promise<ApiRow | null> {
  return db.api.findUnique({ where: { id }, include: apiInclude });
}

/** Where the gateway serves an API: its versioned URL, and the unversioned one for the default version. */
export function apiGatewayUrls(
  gatewayUrl: string,
  api: { context: string; version: string; isDefaultVersion: boolean },
): { versioned: string; default?: string } {
  return {
    versioned: `${gatewayUrl}${api.context}/${api.version}`,
    ...(api.isDefaultVersion ? { default: `${gatewayUrl}${api.context}` } : {}),
  };
}
