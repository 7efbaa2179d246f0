import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { toApplicationView } from "./application-view";

/** The acting developer's applications, by name. */
export async function listApplications(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.appManage);
  const apps = await ctx.db.application.findMany({
    where: { ownerId: ctx.actor.userId },
    include: { throttlingTier: true },
    orderBy: { name: "asc" },
  });
  return apps.map(toApplicationView);
}
