import { readAutoDeployOnPublish } from "../admin/environments/deployment-settings";
import type { OperationContext } from "../context";
import { storeApiRevision } from "./create-api-revision";
import { deployRevision } from "./deploy-api-revision";

/**
 * Publishing an API that was never deployed deploys what was published as a revision to the
 * `default` environment (unless an admin turned that off), so a published API stays callable at
 * once. With that turned off, the API is served only once a publisher deploys a revision. An API
 * with deployments is left alone: its publisher deploys revisions by hand.
 */
export async function deployOnFirstPublish(ctx: OperationContext, apiId: string): Promise<void> {
  const api = await ctx.db.api.findUnique({ where: { id: apiId }, select: { servesRevisions: true } });
  if (!api || api.servesRevisions) return;
  const environment = await ctx.db.gatewayEnvironment.findUnique({ where: { name: "default" } });
  if (!environment || !(await readAutoDeployOnPublish(ctx.db))) {
    await ctx.db.api.update({ where: { id: apiId }, data: { servesRevisions: true } });
    return;
  }
  const { revision } = await storeApiRevision(ctx.db, apiId, "Deployed on publishing", ctx.actor.username);
  await deployRevision(ctx, apiId, revision.id, [environment.id]);
}
