import { API_REVISION_FORMAT, type ApiRevisionDefinition, type Db, stringList } from "@portico/db";
import { notFound } from "../errors";

type Reader = Pick<Db, "api">;

/** The API's working copy as a revision stores it: everything the gateway serves, by value. */
export async function captureApiDefinition(db: Reader, apiId: string): Promise<ApiRevisionDefinition> {
  const api = await db.api.findUnique({
    where: { id: apiId },
    include: {
      throttlingTier: { select: { id: true, name: true } },
      scopes: { include: { roles: { include: { role: true } } }, orderBy: { name: "asc" } },
      resources: {
        include: {
          scopes: { include: { scope: true } },
          throttlingTier: { select: { id: true, name: true } },
        },
        orderBy: [{ pathTemplate: "asc" }, { method: "asc" }],
      },
      tiers: { include: { tier: { select: { id: true, name: true } } } },
      keyManagers: { include: { keyManager: { select: { id: true, name: true } } } },
      policies: { include: { policy: { select: { id: true, name: true, currentVersion: true } } } },
      documents: { select: { name: true, type: true, updatedAt: true }, orderBy: { name: "asc" } },
    },
  });
  if (!api) throw notFound("API");
  return {
    format: API_REVISION_FORMAT,
    api: {
      name: api.name,
      version: api.version,
      context: api.context,
      description: api.description,
      tags: stringList(api.tags),
      visibility: api.visibility,
      visibleRoles: stringList(api.visibleRoles),
      transports: stringList(api.transports),
      endpoints: {
        production: api.productionEndpoint,
        sandbox: api.sandboxEndpoint,
        productionFailovers: stringList(api.productionFailovers),
        sandboxFailovers: stringList(api.sandboxFailovers),
        loadBalance: api.loadBalance,
      },
      isDefaultVersion: api.isDefaultVersion,
      cors: api.cors,
      backendJwt: api.backendJwt,
      forwardAuthorization: api.forwardAuthorization,
      allowMethodOverride: api.allowMethodOverride,
      securitySchemes: api.securitySchemes ?? null,
      gatewayPolicies: Array.isArray(api.gatewayPolicies) ? api.gatewayPolicies : [],
      openApi: api.openApi,
      throttlingTier: api.throttlingTier,
    },
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
      throttlingTier: r.throttlingTier,
    })),
    tiers: api.tiers.map((t) => t.tier).sort((a, b) => a.name.localeCompare(b.name)),
    keyManagers: api.keyManagers.map((k) => k.keyManager).sort((a, b) => a.name.localeCompare(b.name)),
    xacmlPolicies: api.policies.map((a) => ({
      policyId: a.policy.id,
      policyName: a.policy.name,
      version: a.policy.currentVersion,
      resourceId: a.resourceId,
      onNotApplicable: a.onNotApplicable,
    })),
    documents: api.documents.map((d) => ({
      name: d.name,
      type: d.type,
      updatedAt: d.updatedAt.toISOString(),
    })),
  };
}
