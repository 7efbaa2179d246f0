import type { Caller } from "../auth/caller";
import type { ApplicationEntry, RouteApi, Snapshot, SubscriptionEntry } from "../config/snapshot";
import { forbidden } from "../errors";

/**
 * The caller's application must be subscribed to the API, the subscription must allow the
 * token's key type, and neither may be blocked.
 */
export function checkSubscription(
  snapshot: Snapshot,
  api: RouteApi,
  caller: Caller,
): { subscription: SubscriptionEntry; application: ApplicationEntry } {
  const application = caller.applicationId ? snapshot.applications.get(caller.applicationId) : undefined;
  if (!application)
    throw forbidden(
      "not_subscribed",
      "the access token does not belong to an application subscribed to this API",
    );
  if (application.status === "BLOCKED") throw forbidden("application_blocked", "the application is blocked");
  const subscription = snapshot.subscriptions.get(api.id)?.get(application.id);
  if (!subscription)
    throw forbidden("not_subscribed", `the application is not subscribed to ${api.name} ${api.version}`);
  switch (subscription.state) {
    case "ACTIVE":
      break;
    case "PROD_ONLY_BLOCKED":
      if (caller.keyType === "PRODUCTION")
        throw forbidden("subscription_blocked", "the subscription is blocked for production keys");
      break;
    case "BLOCKED":
      throw forbidden("subscription_blocked", "the subscription is blocked");
    case "ON_HOLD":
      throw forbidden("subscription_on_hold", "the subscription waits for the API owner's approval");
    default:
      throw forbidden("not_subscribed", "the subscription is not active (it was rejected)");
  }
  return { subscription, application };
}
