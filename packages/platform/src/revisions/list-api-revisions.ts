import { findVisibleApi } from "../apis/api-access";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { findApiRevision } from "./find-api-revision";
import { revisionInclude, toRevisionSummary, toRevisionView } from "./revision-view";

/** The API's kept revisions, newest first, each with the environments it is deployed to. */
export async function listApiRevisions(ctx: OperationContext, apiId: string) {
  requireScope(ctx.actor, RestScope.apiView);
  await findVisibleApi(ctx.db, ctx.actor, apiId);
  const rows = await ctx.db.apiRevision.findMany({
    where: { apiId },
    include: revisionInclude,
    orderBy: { number: "desc" },
  });
  return rows.map(toRevisionSummary);
}

/** One revision with the definition it holds. */
export async function getApiRevision(ctx: OperationContext, apiId: string, revisionId: string) {
  requireScope(ctx.actor, RestScope.apiView);
  await findVisibleApi(ctx.db, ctx.actor, apiId);
  return toRevisionView(await findApiRevision(ctx.db, apiId, revisionId));
}
