import { listNotifications } from "@portico/platform";
import { PageHeader } from "@portico/ui";
import { NotificationList } from "@portico/ui/notification-list";
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
      <NotificationList notes={notes} markAllRead={markAllReadAction} />
    </>
  );
}
