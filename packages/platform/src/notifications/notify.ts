import type { Db } from "@portico/db";
import { stringList } from "@portico/db";

/** The events users and webhooks hear of. */
export const notificationEvents = [
  "approval.requested",
  "approval.decided",
  "api.deprecated",
  "subscription.blocked",
  "key.expiring",
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export interface PlatformEvent {
  event: NotificationEvent;
  /** one line a person reads in their inbox */
  message: string;
  /** the object the event is about */
  target: { type: string; id: string };
  /** what a webhook receiver gets besides the message: ids and names, never secrets */
  data: Record<string, unknown>;
  /** users whose inbox gets the event (duplicates and empty ids are dropped) */
  recipients: string[];
  /** an event that must reach each recipient once only (a key's expiry warning) */
  onceKey?: string;
}

/**
 * Puts an event in its recipients' inboxes and queues it for every enabled webhook that listens
 * to it; the notification worker delivers the queue (see deliver-webhooks.ts). Returns how many
 * inbox entries were written (0 when the event was already sent once).
 */
export async function notify(db: Db, event: PlatformEvent, now: Date = new Date()): Promise<number> {
  const recipients = [...new Set(event.recipients.filter(Boolean))];
  let written = 0;
  for (const userId of recipients) {
    const onceKey = event.onceKey ? `${event.onceKey}:${userId}` : undefined;
    if (onceKey && (await db.notification.findUnique({ where: { onceKey } }))) continue;
    const created = await db.notification
      .create({
        data: {
          userId,
          event: event.event,
          message: event.message,
          targetType: event.target.type,
          targetId: event.target.id,
          onceKey,
          createdAt: now,
        },
      })
      // a racing check wrote the same once-only entry first: theirs stands
      .catch((e: unknown) => {
        if (onceKey && (e as { code?: string }).code === "P2002") return null;
        throw e;
      });
    if (created) written++;
  }
  if (event.onceKey && written === 0) return 0;
  const hooks = await db.webhook.findMany({ where: { enabled: true } });
  for (const hook of hooks) {
    const events = stringList(hook.events);
    if (events.length > 0 && !events.includes(event.event)) continue;
    const body = JSON.stringify({
      event: event.event,
      occurredAt: now.toISOString(),
      environment: hook.environment,
      message: event.message,
      target: event.target,
      data: event.data,
    });
    await db.webhookDelivery.create({
      data: { webhookId: hook.id, event: event.event, body, nextAttemptAt: now, createdAt: now },
    });
  }
  return written;
}

/** The users holding the admin role: approvers of everything but subscriptions. */
export async function adminIds(db: Db): Promise<string[]> {
  const rows = await db.user.findMany({
    where: { disabled: false, roles: { some: { role: { name: "admin" } } } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
