import { z } from "zod";
import { findChangeableApi } from "../apis/api-access";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import { recordChange } from "../changes";
import type { OperationContext } from "../context";
import { notFound, parseInput } from "../errors";
import { listApiDeployments } from "./list-api-deployments";

const environmentName = z.string().regex(/^[a-z0-9-]{1,50}$/, "an environment name: a-z, 0-9 and -");

/** Stops an environment's gateways serving the API (404 when nothing of it is deployed there). */
export async function undeployApiRevision(ctx: OperationContext, apiId: string, environment: string) {
  requireScope(ctx.actor, RestScope.apiPublish);
  const name = parseInput(environmentName, environment);
  await findChangeableApi(ctx.db, ctx.actor, apiId);
  const { count } = await ctx.db.apiDeployment.deleteMany({ where: { apiId, environment: { name } } });
  if (count === 0) throw notFound("deployment");
  await audit(ctx.db, ctx.actor, "api.undeploy", { type: "api", id: apiId }, { environment: name });
  await recordChange(ctx.db, { topic: "api", entityId: apiId }, ctx.redisUrl);
  return listApiDeployments(ctx, apiId);
}
