import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";

const query = z.object({
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime().optional(),
});

/** Who did what, when and from where; newest first. */
export async function listAuditEvents(ctx: OperationContext, filter: unknown = {}) {
  requireScope(ctx.actor, RestScope.admin);
  const q = parseInput(query, filter);
  const rows = await ctx.db.auditEvent.findMany({
    where: {
      ...(q.action ? { action: { startsWith: q.action } } : {}),
      ...(q.actor ? { actorName: q.actor } : {}),
      ...(q.before ? { at: { lt: new Date(q.before) } } : {}),
    },
    orderBy: { at: "desc" },
    take: q.limit,
  });
  return rows.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actorName,
    action: e.action,
    target: e.targetType ? { type: e.targetType, id: e.targetId } : null,
    details: e.details,
    ip: e.ip,
  }));
}
