import { environmentUrls } from "../admin/environments/environment-view";
import { findVisibleApi } from "../apis/api-access";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";

/**
 * Every gateway environment and what it serves of the API: the deployed revision, or nothing.
 * `servesWorkingCopy` is true for an API never deployed, which `default` gateways serve as saved.
 */
export async function listApiDeployments(ctx: OperationContext, apiId: string) {
  requireScope(ctx.actor, RestScope.apiView);
  const api = await findVisibleApi(ctx.db, ctx.actor, apiId);
  const [environments, deployments, flags] = await Promise.all([
    ctx.db.gatewayEnvironment.findMany({ orderBy: { name: "asc" } }),
    ctx.db.apiDeployment.findMany({
      where: { apiId },
      include: { revision: { select: { id: true, number: true } } },
    }),
    ctx.db.api.findUnique({ where: { id: apiId }, select: { servesRevisions: true } }),
  ]);
  return {
    servesWorkingCopy: !flags?.servesRevisions,
    environments: environments.map((e) => {
      const d = deployments.find((x) => x.environmentId === e.id);
      const urls = environmentUrls(e, ctx.gatewayUrl);
      return {
        environment: e.name,
        displayName: e.displayName,
        revision: d ? { id: d.revision.id, number: d.revision.number } : null,
        deployedAt: d ? d.deployedAt.toISOString() : null,
        deployedBy: d?.deployedBy ?? null,
        url: `${urls.httpsUrl}${api.context}/${api.version}`,
      };
    }),
  };
}
