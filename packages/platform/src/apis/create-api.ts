import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { checkContextClaim, claimContext } from "./api-context-claims";
import { createApiInput, endpointColumns } from "./api-schemas";
import { type ApiView, loadApi, toApiView } from "./api-view";
import { checkPolicyResources } from "./check-policy-resources";
import { checkEndpointEgress } from "./endpoint-egress";
import {
  makeDefaultVersion,
  writeApiDefinition,
  writeApiKeyManagers,
  writeApiTiers,
} from "./write-api-definition";

/**
 * Creates an API in the CREATED state, owned by the actor (a new version: by the owner of the
 * versions before it). Its context must not overlap another owner's (api-context-claims.ts).
 */
export async function createApi(
  ctx: OperationContext,
  input: unknown,
  options: { ownerId?: string | null } = {},
): Promise<ApiView> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(createApiInput, input);
  await checkEndpointEgress(data.endpoints);
  checkPolicyResources(data.gatewayPolicies, data.resources);
  const clash = await ctx.db.api.findUnique({
    where: { context_version: { context: data.context, version: data.version } },
  });
  if (clash) {
    throw new AppError("CONFLICT", `an API already serves ${data.context} version ${data.version}`, {
      fields: [{ field: "context", message: "this context and version are taken" }],
    });
  }
  const sameName = await ctx.db.api.findFirst({ where: { name: data.name, version: data.version } });
  if (sameName) {
    throw new AppError("CONFLICT", `an API named ${data.name} already has version ${data.version}`, {
      fields: [{ field: "name", message: "this name and version are taken" }],
    });
  }
  const ownerId = options.ownerId === undefined ? ctx.actor.userId : options.ownerId;
  const id = await claimContext(ctx.db, async (tx) => {
    await checkContextClaim(tx, { context: data.context, ownerId });
    const api = await tx.api.create({
      data: {
        name: data.name,
        version: data.version,
        context: data.context,
        description: data.description,
        tags: data.tags,
        ...endpointColumns(data.endpoints),
        transports: data.transports,
        visibility: data.visibility,
        visibleRoles: data.visibleRoles,
        cors: data.cors ?? { enabled: false },
        backendJwt: data.backendJwt ?? { enabled: false },
        forwardAuthorization: data.forwardAuthorization,
        allowMethodOverride: data.allowMethodOverride,
        gatewayPolicies: data.gatewayPolicies,
        ownerId,
      },
    });
    await writeApiDefinition(tx, api.id, data.scopes, data.resources);
    await writeApiTiers(tx, api.id, data.tiers);
    if (data.keyManagers) await writeApiKeyManagers(tx, api.id, data.keyManagers);
    const versions = await tx.api.count({ where: { context: data.context } });
    if (data.isDefaultVersion || versions === 1) await makeDefaultVersion(tx, api.id, data.context);
    return api.id;
  });
  await audit(
    ctx.db,
    ctx.actor,
    "api.create",
    { type: "api", id },
    { name: data.name, version: data.version },
  );
  await recordChange(ctx.db, { topic: "api", entityId: id }, ctx.redisUrl);
  const api = await loadApi(ctx.db, id);
  if (!api) throw new AppError("INTERNAL", "the API vanished after creation");
  return toApiView(api, ctx.gatewayUrl);
}
