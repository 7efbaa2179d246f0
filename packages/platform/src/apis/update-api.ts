import type { Attachment } from "@portico/api-policies";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, type FieldError, parseInput } from "../errors";
import { changedFields } from "../update-input";
import { findChangeableApi } from "./api-access";
import { endpointColumns, type HTTP_METHODS, type UpdateApiInput, updateApiInput } from "./api-schemas";
import { type ApiRow, type ApiView, loadApi, toApiView } from "./api-view";
import { checkPolicyResources } from "./check-policy-resources";
import { checkEndpointEgress } from "./endpoint-egress";
import {
  makeDefaultVersion,
  writeApiDefinition,
  writeApiKeyManagers,
  writeApiTiers,
} from "./write-api-definition";

/** The definition's scopes as the update input states them, from the stored API. */
const storedScopes = (api: ApiRow) =>
  api.scopes.map((s) => ({
    name: s.name,
    displayName: s.displayName ?? undefined,
    description: s.description ?? undefined,
    roles: s.roles.map((r) => r.role.name),
  }));

/** The definition's resources as the update input states them, from the stored API. */
const storedResources = (api: ApiRow) =>
  api.resources.map((r) => ({
    method: r.method as (typeof HTTP_METHODS)[number],
    path: r.pathTemplate,
    authRequired: r.authRequired,
    description: r.description ?? undefined,
    throttlingTier: r.throttlingTier?.name ?? undefined,
    scopes: r.scopes.map((s) => s.scope.name),
  }));

/** The stored attachments that name a resource, to check against a new resource list. */
const storedGatewayPolicies = (api: ApiRow): Attachment[] =>
  (Array.isArray(api.gatewayPolicies) ? (api.gatewayPolicies as Attachment[]) : []).filter(
    (a) => a && typeof a === "object",
  );

/** Rules about the whole API, checked on the stored API with the change applied. */
function checkMerged(api: ApiRow, data: UpdateApiInput): void {
  if (api.state !== "PUBLISHED" && api.state !== "DEPRECATED") return;
  const fields: FieldError[] = [];
  const resources = data.resources ?? api.resources;
  if (resources.length === 0) fields.push({ field: "resources", message: "keep at least one resource" });
  const endpoints = data.endpoints
    ? [data.endpoints.production, data.endpoints.sandbox]
    : [api.productionEndpoint, api.sandboxEndpoint];
  if (!endpoints.some(Boolean)) fields.push({ field: "endpoints", message: "keep an endpoint" });
  if (fields.length) {
    throw new AppError(
      "VALIDATION_FAILED",
      `a published API needs ${fields.map((f) => (f.field === "resources" ? "at least one resource" : "an endpoint")).join(" and ")}`,
      { fields },
    );
  }
}

/**
 * Changes an API's definition: a partial update, so exactly the fields the input names change
 * and every other stays as it is. Context and version stay (a new version is a new API).
 */
export async function updateApi(ctx: OperationContext, id: string, input: unknown): Promise<ApiView> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(updateApiInput, input);
  await checkEndpointEgress(data.endpoints);
  const api = await findChangeableApi(ctx.db, ctx.actor, id);
  if (api.state === "RETIRED") throw new AppError("CONFLICT", "a retired API cannot be changed");
  checkMerged(api, data);
  if (data.gatewayPolicies || data.resources)
    checkPolicyResources(
      data.gatewayPolicies ?? storedGatewayPolicies(api),
      data.resources ?? storedResources(api),
    );
  await ctx.db.$transaction(async (tx) => {
    await tx.api.update({
      where: { id },
      data: {
        name: data.name,
        description: data.description,
        tags: data.tags,
        ...(data.endpoints ? endpointColumns(data.endpoints) : {}),
        transports: data.transports,
        visibility: data.visibility,
        visibleRoles: data.visibleRoles,
        cors: data.cors,
        backendJwt: data.backendJwt,
        forwardAuthorization: data.forwardAuthorization,
        allowMethodOverride: data.allowMethodOverride,
        gatewayPolicies: data.gatewayPolicies,
      },
    });
    if (data.scopes || data.resources) {
      await writeApiDefinition(
        tx,
        id,
        data.scopes ?? storedScopes(api),
        data.resources ?? storedResources(api),
      );
    }
    if (data.tiers) await writeApiTiers(tx, id, data.tiers);
    if (data.keyManagers) await writeApiKeyManagers(tx, id, data.keyManagers);
    if (data.isDefaultVersion) await makeDefaultVersion(tx, id, api.context);
    else if (data.isDefaultVersion === false)
      await tx.api.update({ where: { id }, data: { isDefaultVersion: false } });
  });
  const updated = await loadApi(ctx.db, id);
  if (!updated) throw new AppError("NOT_FOUND", "API not found");
  const before = toApiView(api, ctx.gatewayUrl);
  const after = toApiView(updated, ctx.gatewayUrl);
  await audit(
    ctx.db,
    ctx.actor,
    "api.update",
    { type: "api", id },
    { fields: changedFields(before, after, Object.keys(updateApiInput.shape)) },
  );
  await recordChange(ctx.db, { topic: "api", entityId: id }, ctx.redisUrl);
  return after;
}
