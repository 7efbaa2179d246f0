import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { type AuditTargetName, nameAuditTargets } from "./name-audit-targets";

/** The audit log's filters; every one optional, all of them combined with AND. */
export const searchAuditEventsInput = z
  .object({
    actor: z.string().trim().max(100).optional(),
    /** an exact action (`api.publish`) or a prefix ending in a dot (`api.`) */
    action: z
      .string()
      .trim()
      .max(100)
      .regex(/^[a-z_]+(\.[a-z_]+)*\.?$/, "an action such as api.publish, or a prefix such as api.")
      .optional(),
    targetType: z.string().trim().max(50).optional(),
    targetId: z.string().trim().max(200).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** `nextCursor` of the page before */
    cursor: z.string().max(200).optional(),
  })
  .strict();

export type AuditSearch = z.input<typeof searchAuditEventsInput>;

export interface AuditEventView {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: AuditTargetName | null;
  details: unknown;
  ip: string | null;
}

// A cursor is the last event's time and id: pages stay stable while new events arrive, and two
// events in the same millisecond are still ordered (by id).
const encodeCursor = (at: Date, id: string) => Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at = "", id = ""] = Buffer.from(cursor, "base64url").toString().split("|");
  const date = new Date(at);
  if (!id || Number.isNaN(date.getTime()))
    throw new AppError("VALIDATION_FAILED", "cursor: not a cursor from this log", {
      fields: [{ field: "cursor", message: "not a cursor from this log" }],
    });
  return { at: date, id };
}

/**
 * The actions a filter names: itself, or, for a prefix ending in a dot, every action the log holds
 * that starts with it. Compared here, not with LIKE, whose `_` and `%` are wildcards.
 */
async function matchingActions(ctx: OperationContext, action: string): Promise<string[]> {
  if (!action.endsWith(".")) return [action];
  const all = await ctx.db.auditEvent.findMany({ distinct: ["action"], select: { action: true } });
  return all.map((a) => a.action).filter((a) => a.startsWith(action));
}

/**
 * The audit log, newest first, filtered and paged by cursor, each target named as people know
 * it. `nextCursor` is null on the last page.
 */
export async function searchAuditEvents(
  ctx: OperationContext,
  input: unknown = {},
): Promise<{ events: AuditEventView[]; nextCursor: string | null }> {
  requireScope(ctx.actor, RestScope.admin);
  const q = parseInput(searchAuditEventsInput, input);
  if (q.from && q.to && new Date(q.from) > new Date(q.to))
    throw new AppError("VALIDATION_FAILED", "to: must not be before from", {
      fields: [{ field: "to", message: "must not be before the start" }],
    });
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = await ctx.db.auditEvent.findMany({
    where: {
      AND: [
        q.actor ? { actorName: q.actor } : {},
        q.action ? { action: { in: await matchingActions(ctx, q.action) } } : {},
        q.targetType ? { targetType: q.targetType } : {},
        q.targetId ? { targetId: q.targetId } : {},
        q.from ? { at: { gte: new Date(q.from) } } : {},
        q.to ? { at: { lte: new Date(q.to) } } : {},
        after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {},
      ],
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const names = await nameAuditTargets(ctx.db, page);
  const last = page.at(-1);
  return {
    events: page.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actorName ?? "system",
      action: e.action,
      target: e.targetType && e.targetId ? (names.get(`${e.targetType}:${e.targetId}`) ?? null) : null,
      details: e.details,
      ip: e.ip,
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}
