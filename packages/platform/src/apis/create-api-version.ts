import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";
import { findChangeableApi } from "./api-access";
import { apiVersion } from "./api-schemas";
import type { ApiView } from "./api-view";
import { createApi } from "./create-api";

const input = z.object({ version: apiVersion, isDefaultVersion: z.boolean().default(false) }).strict();

/**
 * A new version of an API: same name, context, endpoints and resources, in state CREATED, owned
 * by the API's owner (an admin may add one). Scope names are platform-wide, so the new version's
 * resources reuse the existing scopes.
 */
export async function createApiVersion(ctx: OperationContext, id: string, body: unknown): Promise<ApiView> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const { version, isDefaultVersion } = parseInput(input, body);
  const api = await findChangeableApi(ctx.db, ctx.actor, id);
  return createApi(
    ctx,
    {
      name: api.name,
      version,
      context: api.context,
      description: api.description ?? undefined,
      tags: api.tags,
      endpoints: {
        production: api.productionEndpoint ?? undefined,
        sandbox: api.sandboxEndpoint ?? undefined,
        productionFailovers: api.productionFailovers,
        sandboxFailovers: api.sandboxFailovers,
        loadBalance: api.loadBalance,
      },
      transports: api.transports,
      visibility: api.visibility,
      visibleRoles: api.visibleRoles,
      isDefaultVersion,
      cors: (api.cors as { enabled?: boolean })?.enabled ? api.cors : undefined,
      backendJwt: api.backendJwt,
      forwardAuthorization: api.forwardAuthorization,
      allowMethodOverride: api.allowMethodOverride,
      gatewayPolicies: api.gatewayPolicies,
      tiers: api.tiers.map((t) => t.tier.name),
      keyManagers: api.keyManagers.map((k) => k.keyManager.name),
      resources: api.resources.map((r) => ({
        method: r.method,
        path: r.pathTemplate,
        authRequired: r.authRequired,
        description: r.description ?? undefined,
        scopes: r.scopes.map((s) => s.scope.name),
      })),
    },
    { ownerId: api.ownerId },
  );
}
