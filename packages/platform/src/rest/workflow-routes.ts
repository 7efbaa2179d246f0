// Approvals, notifications and webhooks in the three REST APIs, so an external workflow engine
// can drive approvals and read the same inboxes the portals show.
import { RestScope } from "../auth/principal";
import {
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from "../notifications/inbox";
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  updateWebhook,
  updateWebhookInput,
} from "../notifications/webhooks";
import {
  getApprovalSettings,
  updateApprovalSettings,
  updateApprovalSettingsInput,
} from "../workflows/approval-settings";
import { decideWorkflowRequest, decideWorkflowRequestInput } from "../workflows/decide-workflow-request";
import {
  getApprovalRequest,
  listApprovalInbox,
  listMyWorkflowRequests,
} from "../workflows/list-workflow-requests";
import type { Route } from "./router";

const p = (params: Record<string, string>, name: string) => params[name] ?? "";

function notificationRoutes(scope: RestScope): Route[] {
  return [
    {
      method: "GET",
      path: "/notifications",
      tag: "Notifications",
      summary: "My notifications, newest first (unread=true: only unread ones)",
      scope,
      handle: (ctx, r) => listNotifications(ctx, r.query),
    },
    {
      method: "GET",
      path: "/notifications/unread-count",
      tag: "Notifications",
      summary: "How many of my notifications are unread",
      scope,
      handle: (ctx) => countUnreadNotifications(ctx),
    },
    {
      method: "POST",
      path: "/notifications/{id}/read",
      tag: "Notifications",
      summary: "Mark one of my notifications read",
      scope,
      handle: (ctx, r) => markNotificationRead(ctx, p(r.params, "id")),
    },
    {
      method: "POST",
      path: "/notifications/read-all",
      tag: "Notifications",
      summary: "Mark all my notifications read",
      scope,
      handle: (ctx) => markAllNotificationsRead(ctx),
    },
  ];
}

/** The approvals inbox (API owners: subscriptions to their APIs; admins: every request). */
export const publisherWorkflowRoutes: Route[] = [
  {
    method: "GET",
    path: "/approvals",
    tag: "Approvals",
    summary: "Requests I may decide (status=PENDING|APPROVED|REJECTED, type=...)",
    scope: RestScope.apiPublish,
    handle: (ctx, r) => listApprovalInbox(ctx, r.query),
  },
  {
    method: "GET",
    path: "/approvals/{id}",
    tag: "Approvals",
    summary: "One request I may decide",
    scope: RestScope.apiPublish,
    handle: (ctx, r) => getApprovalRequest(ctx, p(r.params, "id")),
  },
  {
    method: "POST",
    path: "/approvals/{id}/decision",
    tag: "Approvals",
    summary: "Approve or reject a pending request with a comment (409 once decided)",
    scope: RestScope.apiPublish,
    body: decideWorkflowRequestInput,
    handle: (ctx, r) => decideWorkflowRequest(ctx, p(r.params, "id"), r.body),
  },
  ...notificationRoutes(RestScope.apiView),
];

/** What a developer asked for, and their inbox. */
export const devportalWorkflowRoutes: Route[] = [
  {
    method: "GET",
    path: "/approvals",
    tag: "Approvals",
    summary: "My requests waiting for or decided by an approver, with the approver's comment",
    scope: RestScope.subscribe,
    handle: (ctx, r) => listMyWorkflowRequests(ctx, r.query),
  },
  ...notificationRoutes(RestScope.subscribe),
];

/** Which requests need approval, and the outgoing webhooks with their delivery log. */
export const adminWorkflowRoutes: Route[] = [
  {
    method: "GET",
    path: "/approval-settings",
    tag: "Approvals",
    summary: "Which requests wait for an approver",
    scope: RestScope.admin,
    handle: (ctx) => getApprovalSettings(ctx),
  },
  {
    method: "PUT",
    path: "/approval-settings",
    tag: "Approvals",
    summary:
      "Require approval for subscriptions (all, per API, per tier), applications, tier changes, publishing",
    scope: RestScope.admin,
    body: updateApprovalSettingsInput,
    update: "partial",
    handle: (ctx, r) => updateApprovalSettings(ctx, r.body),
  },
  {
    method: "GET",
    path: "/webhooks",
    tag: "Webhooks",
    summary: "Outgoing webhooks (no secrets)",
    scope: RestScope.admin,
    handle: (ctx) => listWebhooks(ctx),
  },
  {
    method: "POST",
    path: "/webhooks",
    tag: "Webhooks",
    summary: "Add a webhook; its signing secret is in this answer only",
    scope: RestScope.admin,
    status: 201,
    handle: (ctx, r) => createWebhook(ctx, r.body),
  },
  {
    method: "PUT",
    path: "/webhooks/{id}",
    tag: "Webhooks",
    summary: "Change a webhook (the secret stays)",
    scope: RestScope.admin,
    body: updateWebhookInput,
    update: "partial",
    handle: (ctx, r) => updateWebhook(ctx, p(r.params, "id"), r.body),
  },
  {
    method: "DELETE",
    path: "/webhooks/{id}",
    tag: "Webhooks",
    summary: "Remove a webhook and its delivery log",
    scope: RestScope.admin,
    status: 204,
    handle: (ctx, r) => deleteWebhook(ctx, p(r.params, "id")),
  },
  {
    method: "GET",
    path: "/webhooks/{id}/deliveries",
    tag: "Webhooks",
    summary: "A webhook's delivery log, newest first",
    scope: RestScope.admin,
    handle: (ctx, r) => listWebhookDeliveries(ctx, p(r.params, "id")),
  },
];
