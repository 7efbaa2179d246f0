import { findChangeableApi } from "../apis/api-access";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError } from "../errors";
import { findApiRevision } from "./find-api-revision";

/** Deletes a revision that is deployed nowhere; its number is not given out again. */
export async function deleteApiRevision(ctx: OperationContext, apiId: string, revisionId: string) {
  requireScope(ctx.actor, RestScope.apiCreate);
  await findChangeableApi(ctx.db, ctx.actor, apiId);
  const revision = await findApiRevision(ctx.db, apiId, revisionId);
  // Deleted only while no deployment points at it, checked in the same statement as the delete
  // so a deployment made meanwhile is not lost.
  const { count } = await ctx.db.apiRevision.deleteMany({
    where: { id: revisionId, deployments: { none: {} } },
  });
  if (count !== 1)
    throw new AppError(
      "CONFLICT",
      `revision ${revision.number} is deployed to ${revision.deployments.map((d) => d.environment.name).join(", ") || "an environment"}; undeploy it first`,
    );
  await audit(
    ctx.db,
    ctx.actor,
    "api.revision.delete",
    { type: "api", id: apiId },
    { revision: revision.number },
  );
}
