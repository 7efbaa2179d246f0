import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";

/** The actors and actions the log holds, for the filters' choices. */
export async function listAuditLogFacets(
  ctx: OperationContext,
): Promise<{ actors: string[]; actions: string[] }> {
  requireScope(ctx.actor, RestScope.admin);
  const [actors, actions] = await Promise.all([
    ctx.db.auditEvent.findMany({
      distinct: ["actorName"],
      select: { actorName: true },
      orderBy: { actorName: "asc" },
    }),
    ctx.db.auditEvent.findMany({
      distinct: ["action"],
      select: { action: true },
      orderBy: { action: "asc" },
    }),
  ]);
  return {
    actors: actors.map((a) => a.actorName ?? "system"),
    actions: actions.map((a) => a.action),
  };
}
