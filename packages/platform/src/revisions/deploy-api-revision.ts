import { z } from "zod";
import { findChangeableApi } from "../apis/api-access";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { findApiRevision } from "./find-api-revision";
import { listApiDeployments } from "./list-api-deployments";

export const deployApiRevisionInput = z
  .object({
    revisionId: z.string().min(1).max(100),
    environments: z
      .array(z.string().regex(/^[a-z0-9-]{1,50}$/, "an environment name: a-z, 0-9 and -"))
      .min(1)
      .max(50),
  })
  .strict();

/**
 * Deploys a revision to gateway environments: their gateways serve it instead of whatever
 * revision of the API they served before (deploying an older one is a rollback). From the first
 * deployment on, saving the API no longer changes what any gateway serves.
 */
export async function deployApiRevision(ctx: OperationContext, apiId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.apiPublish);
  const api = await findChangeableApi(ctx.db, ctx.actor, apiId);
  const input = parseInput(deployApiRevisionInput, body);
  if (api.state === "RETIRED") throw new AppError("CONFLICT", "a retired API cannot be deployed");
  const revision = await findApiRevision(ctx.db, apiId, input.revisionId);
  const names = [...new Set(input.environments)];
  const environments = await ctx.db.gatewayEnvironment.findMany({ where: { name: { in: names } } });
  const missing = names.filter((n) => !environments.some((e) => e.name === n));
  if (missing.length)
    throw new AppError("VALIDATION_FAILED", `no gateway environment named ${missing.join(", ")}`, {
      fields: [{ field: "environments", message: `unknown: ${missing.join(", ")}` }],
    });
  await deployRevision(
    ctx,
    apiId,
    revision.id,
    environments.map((e) => e.id),
  );
  await audit(
    ctx.db,
    ctx.actor,
    "api.deploy",
    { type: "api", id: apiId },
    { revision: revision.number, environments: names },
  );
  return listApiDeployments(ctx, apiId);
}

/** Points the environments at the revision and tells the gateways. */
export async function deployRevision(
  ctx: OperationContext,
  apiId: string,
  revisionId: string,
  environmentIds: string[],
): Promise<void> {
  await ctx.db
    .$transaction(async (tx) => {
      // A revision deleted meanwhile must not be deployed (its row would be gone under the deployment).
      const still = await tx.apiRevision.findUnique({ where: { id: revisionId }, select: { id: true } });
      if (!still) throw notFound("revision");
      for (const environmentId of environmentIds)
        await tx.apiDeployment.upsert({
          where: { apiId_environmentId: { apiId, environmentId } },
          create: { apiId, environmentId, revisionId, deployedBy: ctx.actor.username, deployedAt: ctx.now() },
          update: { revisionId, deployedBy: ctx.actor.username, deployedAt: ctx.now() },
        });
      await tx.api.update({ where: { id: apiId }, data: { servesRevisions: true } });
    })
    .catch((error: unknown) => {
      // the revision or an environment deleted meanwhile (foreign key), or a racing deployment
      const code = (error as { code?: string }).code;
      if (code === "P2003")
        throw new AppError("CONFLICT", "the revision or an environment was deleted meanwhile");
      if (code === "P2002")
        throw new AppError("CONFLICT", "the API was deployed meanwhile; reload and try again");
      throw error;
    });
  await recordChange(ctx.db, { topic: "api", entityId: apiId }, ctx.redisUrl);
}
