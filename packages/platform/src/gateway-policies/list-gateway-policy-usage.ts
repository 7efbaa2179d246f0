import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { describeGatewayPolicies, type GatewayPolicyDescription } from "./describe-gateway-policies";

export interface GatewayPolicyUsage extends GatewayPolicyDescription {
  /** the APIs that attach it (attachable policies) or turn it on (settings), by name and version */
  apis: Array<{ id: string; name: string; version: string; owner: string | null }>;
}

const on = (value: unknown) => (value as { enabled?: unknown } | null)?.enabled === true;

/** The policy catalog with the APIs using each policy: the admin's view across all owners. */
export async function listGatewayPolicyUsage(ctx: OperationContext): Promise<GatewayPolicyUsage[]> {
  requireScope(ctx.actor, RestScope.admin);
  const apis = await ctx.db.api.findMany({
    select: {
      id: true,
      name: true,
      version: true,
      cors: true,
      backendJwt: true,
      forwardAuthorization: true,
      gatewayPolicies: true,
      owner: { select: { username: true } },
      tiers: { select: { tierId: true }, take: 1 },
      resources: { select: { throttlingTierId: true } },
    },
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  const uses = (policy: string, api: (typeof apis)[number]): boolean => {
    switch (policy) {
      case "endpoints":
        return true;
      case "cors":
        return on(api.cors);
      case "backend-jwt":
        return on(api.backendJwt);
      case "forward-authorization":
        return api.forwardAuthorization;
      case "throttling-tier":
        return api.tiers.length > 0 || api.resources.some((r) => r.throttlingTierId !== null);
      default:
        return (
          Array.isArray(api.gatewayPolicies) &&
          api.gatewayPolicies.some((a) => (a as { policy?: unknown } | null)?.policy === policy)
        );
    }
  };
  return describeGatewayPolicies().map((policy) => ({
    ...policy,
    apis: apis
      .filter((api) => uses(policy.name, api))
      .map((api) => ({
        id: api.id,
        name: api.name,
        version: api.version,
        owner: api.owner?.username ?? null,
      })),
  }));
}
