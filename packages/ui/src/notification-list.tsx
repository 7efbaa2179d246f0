import { ActionForm, type ActionState } from "./action-form";
import { DateTime } from "./date-time";
import { Button } from "./index";

/** One entry of a user's inbox, as both portals list it. */
export interface InboxEntry {
  id: string;
  message: string;
  read: boolean;
  createdAt: string | Date;
}

/** A user's inbox, newest first, with "Mark all read" while something is unread. */
export function NotificationList({
  notes,
  markAllRead,
}: {
  notes: InboxEntry[];
  markAllRead: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  return (
    <>
      {notes.some((n) => !n.read) && (
        <ActionForm action={markAllRead} className="mb-4">
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
