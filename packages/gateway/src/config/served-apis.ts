import type { ApiRevisionDefinition, Db } from "@portico/db";
import { API_REVISION_FORMAT } from "@portico/db";

// Which definition of each API this gateway serves. An API that was ever deployed is served only
// where a revision of it is deployed, from that revision, never from what was saved since. An
// API never deployed (created before revisions, or straight into the database) is served as
// saved, by the gateways of the `default` environment only.

type TierRow = {
  id: string;
  name: string;
  requestCount: number | null;
  unitSeconds: number;
  burst: number | null;
  unlimited: boolean;
};

interface PolicyRow {
  id: string;
  name: string;
  enabled: boolean;
  currentVersion: number;
  versions: Array<{ version: number; content: string }>;
}

/** An API as the snapshot builder reads it, whether from the working copy or from a revision. */
export interface ServedApiRow {
  id: string;
  name: string;
  version: string;
  context: string;
  state: string;
  isDefaultVersion: boolean;
  transports: unknown;
  productionEndpoint: string | null;
  productionFailovers: unknown;
  sandboxEndpoint: string | null;
  sandboxFailovers: unknown;
  loadBalance: boolean;
  cors: unknown;
  backendJwt: unknown;
  forwardAuthorization: boolean;
  allowMethodOverride: boolean;
  securitySchemes: unknown;
  gatewayPolicies: unknown;
  openApi: string | null;
  throttlingTier: TierRow | null;
  keyManagers: Array<{ keyManagerId: string }>;
  resources: Array<{
    id: string;
    method: string;
    pathTemplate: string;
    authRequired: boolean;
    throttlingTier: TierRow | null;
    scopes: Array<{ scope: { name: string } }>;
  }>;
  policies: Array<{ resourceId: string | null; onNotApplicable: string; policy: PolicyRow }>;
}

/** The stored definition, if it has the shape this gateway knows; otherwise the API is not served. */
function readDefinition(value: unknown): ApiRevisionDefinition | undefined {
  const d = value as Partial<ApiRevisionDefinition> | null;
  if (!d || typeof d !== "object" || d.format !== API_REVISION_FORMAT) return undefined;
  if (
    !d.api ||
    !Array.isArray(d.resources) ||
    !Array.isArray(d.keyManagers) ||
    !Array.isArray(d.xacmlPolicies)
  )
    return undefined;
  return d as ApiRevisionDefinition;
}

const liveInclude = {
  throttlingTier: true,
  keyManagers: true,
  resources: { include: { throttlingTier: true, scopes: { include: { scope: true } } } },
  policies: { include: { policy: { include: { versions: true } } } },
} as const;

/**
 * The APIs this gateway's environment serves: published (or deprecated, blocked, retired: the
 * gateway answers those with their own errors) and either deployed there or never deployed at all
 * on a `default` gateway. The lifecycle state is always the live one, so blocking an API takes
 * effect without a deployment.
 */
export async function loadServedApis(
  db: Db,
  environment: string,
  warn: (message: string) => void,
): Promise<ServedApiRow[]> {
  const [live, deployments] = await Promise.all([
    db.api.findMany({
      where: { state: { in: ["PUBLISHED", "DEPRECATED", "BLOCKED", "RETIRED"] } },
      include: liveInclude,
    }),
    db.apiDeployment.findMany({
      where: { environment: { name: environment } },
      select: { apiId: true, revision: { select: { number: true, definition: true } } },
    }),
  ]);
  const deployed = new Map(deployments.map((d) => [d.apiId, d.revision]));
  const definitions = new Map<string, ApiRevisionDefinition>();
  for (const [apiId, revision] of deployed) {
    const definition = readDefinition(revision.definition);
    if (definition) definitions.set(apiId, definition);
    else warn(`revision ${revision.number} of API ${apiId} is unreadable; the API is not served`);
  }
  const [tiers, policies] = definitions.size
    ? await Promise.all([
        db.throttlingTier.findMany(),
        db.xacmlPolicy.findMany({
          where: {
            id: { in: [...definitions.values()].flatMap((d) => d.xacmlPolicies.map((p) => p.policyId)) },
          },
          include: { versions: true },
        }),
      ])
    : [[], []];
  const tierById = new Map(tiers.map((t) => [t.id, t]));
  const policyById = new Map(policies.map((p) => [p.id, p]));
  const served: ServedApiRow[] = [];
  for (const row of live) {
    if (!row.servesRevisions) {
      if (environment === "default") served.push(row);
      continue;
    }
    const definition = definitions.get(row.id);
    if (definition) served.push(fromRevision(row, definition, tierById, policyById));
  }
  return served;
}

function fromRevision(
  live: { id: string; state: string },
  d: ApiRevisionDefinition,
  tierById: Map<string, TierRow>,
  policyById: Map<string, PolicyRow>,
): ServedApiRow {
  const tier = (t: { id: string } | null) => (t ? (tierById.get(t.id) ?? null) : null);
  return {
    id: live.id,
    state: live.state,
    name: d.api.name,
    version: d.api.version,
    context: d.api.context,
    isDefaultVersion: d.api.isDefaultVersion,
    transports: d.api.transports,
    productionEndpoint: d.api.endpoints.production,
    productionFailovers: d.api.endpoints.productionFailovers,
    sandboxEndpoint: d.api.endpoints.sandbox,
    sandboxFailovers: d.api.endpoints.sandboxFailovers,
    loadBalance: d.api.endpoints.loadBalance,
    cors: d.api.cors,
    backendJwt: d.api.backendJwt,
    forwardAuthorization: d.api.forwardAuthorization,
    allowMethodOverride: d.api.allowMethodOverride,
    securitySchemes: d.api.securitySchemes,
    gatewayPolicies: d.api.gatewayPolicies,
    openApi: d.api.openApi,
    throttlingTier: tier(d.api.throttlingTier),
    keyManagers: d.keyManagers.map((k) => ({ keyManagerId: k.id })),
    resources: d.resources.map((r) => ({
      id: r.id,
      method: r.method,
      pathTemplate: r.path,
      authRequired: r.authRequired,
      throttlingTier: tier(r.throttlingTier),
      scopes: r.scopes.map((name) => ({ scope: { name } })),
    })),
    // The policy version in force when the revision was made, not the one current now.
    policies: d.xacmlPolicies.flatMap((a) => {
      const policy = policyById.get(a.policyId);
      return policy
        ? [
            {
              resourceId: a.resourceId,
              onNotApplicable: a.onNotApplicable,
              policy: { ...policy, currentVersion: a.version },
            },
          ]
        : [];
    }),
  };
}
