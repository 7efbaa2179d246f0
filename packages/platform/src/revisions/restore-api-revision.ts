import type { ApiRevisionDefinition } from "@portico/db";
import { findChangeableApi } from "../apis/api-access";
import { updateApi } from "../apis/update-api";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { findApiRevision } from "./find-api-revision";

/** The revision as the body of the API's update: the same checks as a save from the form. */
function asUpdate(d: ApiRevisionDefinition) {
  return {
    name: d.api.name,
    description: d.api.description,
    tags: d.api.tags,
    // the endpoints object is replaced whole: an endpoint the revision lacks is cleared by omission
    endpoints: Object.fromEntries(Object.entries(d.api.endpoints).filter(([, v]) => v !== null)),
    transports: d.api.transports,
    visibility: d.api.visibility,
    visibleRoles: d.api.visibleRoles,
    isDefaultVersion: d.api.isDefaultVersion,
    cors: d.api.cors,
    backendJwt: d.api.backendJwt,
    forwardAuthorization: d.api.forwardAuthorization,
    allowMethodOverride: d.api.allowMethodOverride,
    tiers: d.tiers.map((t) => t.name),
    keyManagers: d.keyManagers.map((k) => k.name),
    gatewayPolicies: d.api.gatewayPolicies,
    scopes: d.scopes.map((s) => ({
      name: s.name,
      ...(s.displayName !== null ? { displayName: s.displayName } : {}),
      ...(s.description !== null ? { description: s.description } : {}),
      roles: s.roles,
    })),
    resources: d.resources.map((r) => ({
      method: r.method,
      path: r.path,
      scopes: r.scopes,
      authRequired: r.authRequired,
      ...(r.description !== null ? { description: r.description } : {}),
      ...(r.throttlingTier ? { throttlingTier: r.throttlingTier.name } : {}),
    })),
  };
}

/**
 * Makes the working copy what the revision holds (settings, scopes, resources, tiers, key
 * managers, gateway policies, security schemes). What the gateway serves does not change until
 * a revision is deployed. XACML policy attachments and documents are kept as they are: they are
 * managed on their own pages, and a revision records which versions were in force.
 */
export async function restoreApiRevision(ctx: OperationContext, apiId: string, revisionId: string) {
  requireScope(ctx.actor, RestScope.apiCreate);
  await findChangeableApi(ctx.db, ctx.actor, apiId);
  const revision = await findApiRevision(ctx.db, apiId, revisionId);
  const definition = revision.definition as unknown as ApiRevisionDefinition;
  const view = await updateApi(ctx, apiId, asUpdate(definition));
  await ctx.db.api.update({
    where: { id: apiId },
    data: {
      securitySchemes: definition.api.securitySchemes ?? undefined,
      throttlingTierId: definition.api.throttlingTier
        ? ((await ctx.db.throttlingTier.findUnique({ where: { id: definition.api.throttlingTier.id } }))
            ?.id ?? null)
        : null,
    },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "api.revision.restore",
    { type: "api", id: apiId },
    { revision: revision.number },
  );
  return { ...view, restoredFrom: revision.number };
}
