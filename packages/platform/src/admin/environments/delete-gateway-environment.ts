import { audit } from "../../audit";
import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { AppError, notFound } from "../../errors";

/**
 * Deletes an environment nothing is deployed to. `default` stays: gateways join it when
 * PORTICO_GATEWAY_ENVIRONMENT is not set, and APIs never deployed are served there.
 */
export async function deleteGatewayEnvironment(ctx: OperationContext, name: string) {
  requireScope(ctx.actor, RestScope.admin);
  if (name === "default") throw new AppError("CONFLICT", "the default environment cannot be deleted");
  const existing = await ctx.db.gatewayEnvironment.findUnique({
    where: { name },
    include: { _count: { select: { deployments: true } } },
  });
  if (!existing) throw notFound("environment");
  const { count } = await ctx.db.gatewayEnvironment.deleteMany({
    where: { id: existing.id, deployments: { none: {} } },
  });
  if (count !== 1)
    throw new AppError("CONFLICT", `APIs are deployed to ${name}; undeploy them before deleting it`, {
      deployments: existing._count.deployments,
    });
  await audit(ctx.db, ctx.actor, "environment.delete", { type: "environment", id: existing.id }, { name });
}
