import { z } from "zod";
import type { Principal } from "../auth/principal";
import { RestScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";

// Every signed-in user has an inbox, whatever their roles: the publisher API reaches it with
// portico:api_view, the developer portal's with portico:subscribe.
const inboxScopes: string[] = [RestScope.apiView, RestScope.subscribe, RestScope.admin];

function requireInbox(actor: Principal): void {
  if (!actor.userId) throw new AppError("UNAUTHENTICATED", "sign in to read your notifications");
  if (!inboxScopes.some((s) => actor.scopes.has(s)))
    throw new AppError(
      "FORBIDDEN",
      `this call needs the ${RestScope.apiView} or ${RestScope.subscribe} scope`,
      {
        requiredScope: RestScope.subscribe,
      },
    );
}

export interface NotificationView {
  id: string;
  event: string;
  message: string;
  target: { type: string; id: string } | null;
  read: boolean;
  createdAt: string;
}

const listInput = z
  .object({
    unread: z.enum(["true", "false"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/** My notifications, newest first (`unread=true`: only the unread ones). */
export async function listNotifications(
  ctx: OperationContext,
  query: Record<string, string> = {},
): Promise<NotificationView[]> {
  requireInbox(ctx.actor);
  const { unread, limit } = parseInput(listInput, query);
  const rows = await ctx.db.notification.findMany({
    where: { userId: ctx.actor.userId, ...(unread === "true" ? { readAt: null } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((n) => ({
    id: n.id,
    event: n.event,
    message: n.message,
    target: n.targetType && n.targetId ? { type: n.targetType, id: n.targetId } : null,
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  }));
}

/** How many of my notifications are unread: the number in both portals' headers. */
export async function countUnreadNotifications(ctx: OperationContext): Promise<{ unread: number }> {
  requireInbox(ctx.actor);
  return { unread: await ctx.db.notification.count({ where: { userId: ctx.actor.userId, readAt: null } }) };
}

/** Marks one of my notifications read (another user's is 404). */
export async function markNotificationRead(ctx: OperationContext, id: string): Promise<{ unread: number }> {
  requireInbox(ctx.actor);
  const row = await ctx.db.notification.findUnique({ where: { id } });
  if (!row || row.userId !== ctx.actor.userId) throw notFound("notification");
  if (!row.readAt) await ctx.db.notification.update({ where: { id }, data: { readAt: ctx.now() } });
  return countUnreadNotifications(ctx);
}

/** Marks all my notifications read. */
export async function markAllNotificationsRead(ctx: OperationContext): Promise<{ unread: number }> {
  requireInbox(ctx.actor);
  await ctx.db.notification.updateMany({
    where: { userId: ctx.actor.userId, readAt: null },
    data: { readAt: ctx.now() },
  });
  return { unread: 0 };
}
