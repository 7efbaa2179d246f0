// Revisions and deployments written as the platform writes them, for gateway tests (the gateway
// never imports the platform): a definition of the API's runtime parts, deployed to environments.
import { API_REVISION_FORMAT, type ApiRevisionDefinition } from "@portico/db";
import type { World } from "./world-types";

export interface RevisionSpec {
  context: string;
  production: string;
  resources: Array<{ id: string; method: string; path: string; scopes?: string[] }>;
}

export function revisionDefinition(spec: RevisionSpec): ApiRevisionDefinition {
  return {
    format: API_REVISION_FORMAT,
    api: {
      name: spec.context.slice(1),
      version: "1.0.0",
      context: spec.context,
      description: null,
      tags: [],
      visibility: "PUBLIC",
      visibleRoles: [],
      transports: ["https", "http"],
      endpoints: {
        production: spec.production,
        sandbox: null,
        productionFailovers: [],
        sandboxFailovers: [],
        loadBalance: false,
      },
      isDefaultVersion: false,
      cors: { enabled: false },
      backendJwt: { enabled: false },
      forwardAuthorization: false,
      allowMethodOverride: false,
      securitySchemes: null,
      gatewayPolicies: [],
      openApi: null,
      throttlingTier: null,
    },
    scopes: [],
    resources: spec.resources.map((r) => ({
      id: r.id,
      method: r.method,
      path: r.path,
      authRequired: true,
      description: null,
      scopes: r.scopes ?? [],
      throttlingTier: null,
    })),
    tiers: [],
    keyManagers: [],
    xacmlPolicies: [],
    documents: [],
  };
}

export async function createRevision(world: World, apiId: string, number: number, spec: RevisionSpec) {
  const row = await world.db.apiRevision.create({
    data: { apiId, number, definition: revisionDefinition(spec) as object },
  });
  await world.db.api.update({ where: { id: apiId }, data: { lastRevisionNumber: number } });
  return row.id;
}

export async function createEnvironment(world: World, name: string): Promise<string> {
  const row = await world.db.gatewayEnvironment.create({
    data: { name, displayName: name, httpsUrl: `https://${name}.gw.portico.test` },
  });
  return row.id;
}

/** Points the environment at the revision and announces it, as a publisher's deployment does. */
export async function deploy(world: World, apiId: string, environmentId: string, revisionId: string) {
  await world.db.$transaction([
    world.db.apiDeployment.upsert({
      where: { apiId_environmentId: { apiId, environmentId } },
      create: { apiId, environmentId, revisionId },
      update: { revisionId },
    }),
    world.db.api.update({ where: { id: apiId }, data: { servesRevisions: true } }),
  ]);
  await world.change("api", apiId);
}
