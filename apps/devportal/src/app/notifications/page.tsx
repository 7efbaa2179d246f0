import { listNotifications } from "@portico/platform";
import { Button, PageHeader } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { DateTime } from "@portico/ui/date-time";
import { requireDeveloper } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { markAllReadAction } from "./actions";

export const dynamic = "force-dynamic";

/** My inbox: approvals requested and decided, deprecations, blocks, expiring keys. */
export default async function Notifications() {
  const ctx = operationContext(await requireDeveloper());
  const notes = await listNotifications(ctx, { limit: "100" });
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Decisions on your requests, deprecated APIs, blocked subscriptions and expiring keys."
      />
      {notes.some((n) => !n.read) && (
        <ActionForm action={markAllReadAction} className="mb-4">
          <Button type="submit" tone="secondary">
            Mark all read
          </Button>
        </ActionForm>
      )}
      {notes.length === 0 ? (
        <p className="text-sm text-slate-500">No notifications.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {notes.map((n) => (
            <li
              key={n.id}
              className="flex items-start justify-between gap-4 px-4 py-3 text-sm"
              data-testid="notification"
            >
              <span className={n.read ? "text-slate-600" : "font-medium"}>
                {!n.read && <span className="sr-only">Unread: </span>}
                {n.message}
              </span>
              <span className="shrink-0 text-xs text-slate-500">
                <DateTime value={n.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
