/** Target types as the filter offers them. */
export const TARGET_TYPES: Record<string, string> = {
  api: "API",
  application: "Application",
  subscription: "Subscription",
  scope: "Shared scope",
  tier: "Throttling tier",
  user: "User",
  policy: "XACML policy",
  deny_policy: "Deny policy",
  grant_type: "Grant type",
  key_manager: "Key manager",
  identity_provider: "Identity provider",
  signing_key: "Signing key",
  settings: "Setting",
};

const VERBS: Record<string, string> = {
  create: "created",
  update: "updated",
  delete: "deleted",
  publish: "published",
  deprecate: "deprecated",
  retire: "retired",
  block: "blocked",
  unblock: "unblocked",
  revoke: "revoked",
  rotate: "rotated",
  attach: "attached",
  detach: "detached",
  subscribe: "subscribed",
  unsubscribe: "unsubscribed",
  link: "linked",
  unlink: "unlinked",
};

/** "api.publish" -> "API published"; an unknown action reads as its words. */
export function actionLabel(action: string): string {
  const [noun = "", ...rest] = action.split(".");
  const thing = TARGET_TYPES[noun] ?? noun.replaceAll("_", " ");
  const verb = rest.map((v) => VERBS[v] ?? v.replaceAll("_", " ")).join(" ");
  const text = `${thing} ${verb}`.trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The nouns of the actions on record, as prefix filters ("api." = every API action). */
export function actionGroups(actions: string[]): Array<[string, string]> {
  const nouns = [...new Set(actions.map((a) => a.split(".")[0] ?? a))];
  return nouns.map((n) => [`${n}.`, `${TARGET_TYPES[n] ?? n.replaceAll("_", " ")}: any action`]);
}
