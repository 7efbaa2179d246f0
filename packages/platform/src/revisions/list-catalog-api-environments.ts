import { environmentUrls } from "../admin/environments/environment-view";
import type { OperationContext } from "../context";
import { getCatalogApi } from "../devportal/catalog";

/**
 * Where a developer calls an API: each gateway environment serving it (a revision deployed
 * there; `default` for an API never deployed), with its URLs for the API.
 */
export async function listCatalogApiEnvironments(ctx: OperationContext, apiId: string) {
  const api = await getCatalogApi(ctx, apiId);
  const row = await ctx.db.api.findUnique({ where: { id: apiId }, select: { servesRevisions: true } });
  const environments = await ctx.db.gatewayEnvironment.findMany({
    where: row?.servesRevisions ? { deployments: { some: { apiId } } } : { name: "default" },
    orderBy: { name: "asc" },
  });
  const path = `${api.context}/${api.version}`;
  return environments.map((e) => {
    const urls = environmentUrls(e, ctx.gatewayUrl);
    return {
      environment: e.name,
      displayName: e.displayName,
      httpsUrl: `${urls.httpsUrl}${path}`,
      httpUrl: urls.httpUrl ? `${urls.httpUrl}${path}` : null,
    };
  });
}
