import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { findChangeableApi } from "./api-access";
import { endpointColumns, updateApiInput } from "./api-schemas";
import { type ApiView, loadApi, toApiView } from "./api-view";
import { checkEndpointEgress } from "./endpoint-egress";
import {
  makeDefaultVersion,
  writeApiDefinition,
  writeApiKeyManagers,
  writeApiTiers,
} from "./write-api-definition";

/** Changes an API's definition; context and version stay (a new version is a new API). */
export async function updateApi(ctx: OperationContext, id: string, input: unknown): Promise<ApiView> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(updateApiInput, input);
  await checkEndpointEgress(data.endpoints);
  const api = await findChangeableApi(ctx.db, ctx.actor, id);
  if (api.state === "RETIRED") throw new AppError("CONFLICT", "a retired API cannot be changed");
  if ((api.state === "PUBLISHED" || api.state === "DEPRECATED") && data.resources?.length === 0) {
    throw new AppError("VALIDATION_FAILED", "a published API needs at least one resource", {
      fields: [{ field: "resources", message: "keep at least one resource" }],
    });
  }
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
      },
    });
    if (data.scopes || data.resources) {
      await writeApiDefinition(
        tx,
        id,
        data.scopes ??
          api.scopes.map((s) => ({
            ...s,
            displayName: s.displayName ?? undefined,
            description: s.description ?? undefined,
            roles: s.roles.map((r) => r.role.name),
          })),
        data.resources ??
          api.resources.map((r) => ({
            method: r.method as "GET",
            path: r.pathTemplate,
            authRequired: r.authRequired,
            description: r.description ?? undefined,
            scopes: r.scopes.map((s) => s.scope.name),
          })),
      );
    }
    if (data.tiers) await writeApiTiers(tx, id, data.tiers);
    if (data.keyManagers) await writeApiKeyManagers(tx, id, data.keyManagers);
    if (data.isDefaultVersion) await makeDefaultVersion(tx, id, api.context);
    else if (data.isDefaultVersion === false)
      await tx.api.update({ where: { id }, data: { isDefaultVersion: false } });
  });
  await audit(ctx.db, ctx.actor, "api.update", { type: "api", id }, { fields: Object.keys(data) });
  await recordChange(ctx.db, { topic: "api", entityId: id }, ctx.redisUrl);
  const updated = await loadApi(ctx.db, id);
  if (!updated) throw new AppError("NOT_FOUND", "API not found");
  return toApiView(updated, ctx.gatewayUrl);
}
