import type { Caller } from "../auth/caller";
import type { RouteApi } from "../config/snapshot";
import { forbidden } from "../errors";

/** An admin's block rule, compiled at snapshot time; a call is refused when every condition set matches. */
export interface DenyRule {
  id: string;
  applicationId?: string;
  /** the caller's username, or its token's subject */
  username?: string;
  /** the client's address (PORTICO_TRUSTED_PROXIES honoured) */
  ipRange?: { has(address: string): boolean };
  apiId?: string;
  /** epoch ms; from then on the rule no longer blocks */
  expiresAt?: number;
}

function matches(rule: DenyRule, api: RouteApi, caller: Caller | undefined, now: number): boolean {
  if (rule.expiresAt !== undefined && rule.expiresAt <= now) return false;
  if (rule.apiId !== undefined && rule.apiId !== api.id) return false;
  if (rule.applicationId !== undefined && caller?.applicationId !== rule.applicationId) return false;
  if (rule.username !== undefined && caller?.username !== rule.username && caller?.subject !== rule.username)
    return false;
  return true;
}

/**
 * Refuses a call that an admin's deny policy matches (403 `access_denied_by_policy`), after
 * authentication has named the caller and before anything is counted or forwarded. Without
 * rules it costs one length test; the client's address is read only when a rule on an IP range
 * is otherwise a match.
 */
export function checkDenyPolicies(
  rules: readonly DenyRule[],
  api: RouteApi,
  caller: Caller | undefined,
  /** the call's client address, read on first use and shared with the other checks of the call */
  clientAddress: () => string,
  now: number,
): void {
  if (rules.length === 0) return;
  for (const rule of rules) {
    if (!matches(rule, api, caller, now)) continue;
    if (rule.ipRange && !rule.ipRange.has(clientAddress())) continue;
    throw forbidden("access_denied_by_policy", "an administrator's deny policy blocks this call");
  }
}
