// Which of the requested scopes a token gets (RFC 6749 3.3: the server may grant fewer and
// says which in `scope`). A scope is granted when it is an OpenID Connect scope of a
// user-bound grant, a platform scope (no API: Scope.apiId null and used by no resource), or a
// scope of an API the application has an active subscription to (its own API, or an API whose
// resources use it through ResourceScope); and, when bound to roles, the subject holds one. A
// scope of no API (a shared scope) bound to no role is granted only when public, or to admins.
import type { Application, Db } from "@portico/db";
import { InvalidScope } from "../errors";

/** OpenID Connect Core 5.4 and 11: scopes about the user, meaningless without one. */
export const OIDC_SCOPES = ["openid", "profile", "email", "offline_access"];

/** RFC 6749 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Splits and checks a scope parameter; a malformed one is invalid_scope. */
export function parseScope(value: string | undefined): string[] {
  if (value === undefined) return [];
  const tokens = value.split(" ").filter((t) => t.length > 0);
  for (const token of tokens) {
    if (!SCOPE_TOKEN.test(token)) throw new InvalidScope("the scope parameter is malformed");
  }
  return [...new Set(tokens)];
}

export interface ScopeSubject {
  /** the application whose subscriptions open API scopes; null for first-party clients */
  application: Pick<Application, "id"> | null;
  keyType: "PRODUCTION" | "SANDBOX";
  /** role names of the subject (the user, or the application owner for application tokens) */
  roles: string[];
  /** whether a user is bound to the token (OIDC scopes need one) */
  userBound: boolean;
}

/**
 * The granted subset of `requested`, in request order.
 *
 * @example const granted = await validateScope(db, ["openid", "pizza:read"], subject)
 */
export async function validateScope(db: Db, requested: string[], subject: ScopeSubject): Promise<string[]> {
  if (requested.length === 0) return [];
  const named = requested.filter((s) => !OIDC_SCOPES.includes(s));
  const rows = named.length
    ? await db.scope.findMany({
        where: { name: { in: named } },
        select: {
          name: true,
          apiId: true,
          public: true,
          roles: { select: { role: { select: { name: true } } } },
          resources: { select: { resource: { select: { apiId: true } } } },
        },
      })
    : [];
  // the APIs a scope belongs to: its own API, and the APIs whose resources use it (a shared scope)
  const apisOf = new Map(
    rows.map((r) => [
      r.name,
      new Set([...(r.apiId ? [r.apiId] : []), ...r.resources.map((x) => x.resource.apiId)]),
    ]),
  );
  const apiIds = [...new Set([...apisOf.values()].flatMap((set) => [...set]))];
  const subscribed = new Set<string>();
  if (subject.application && apiIds.length) {
    const subscriptions = await db.subscription.findMany({
      where: { applicationId: subject.application.id, apiId: { in: apiIds } },
      select: { apiId: true, state: true },
    });
    for (const s of subscriptions) {
      if (s.state === "ACTIVE" || (s.state === "PROD_ONLY_BLOCKED" && subject.keyType === "SANDBOX"))
        subscribed.add(s.apiId);
    }
  }
  const byName = new Map(rows.map((r) => [r.name, r]));
  const roles = new Set(subject.roles);
  return requested.filter((name) => {
    if (OIDC_SCOPES.includes(name)) return subject.userBound;
    const row = byName.get(name);
    if (!row) return false;
    const apis = apisOf.get(name) ?? new Set<string>();
    // a scope of no API is a platform scope (portico:*); otherwise one of its APIs must be subscribed
    if (apis.size > 0 && ![...apis].some((id) => subscribed.has(id))) return false;
    if (row.roles.length > 0) return row.roles.some((r) => roles.has(r.role.name));
    // bound to no role: an API's own scope is open to its subscribers; a shared (or platform)
    // scope only when its owner made it public, or to admins
    return row.apiId !== null || row.public || roles.has("admin");
  });
}

/** Role names of a user. */
export async function rolesOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db.userRole.findMany({
    where: { userId },
    select: { role: { select: { name: true } } },
  });
  return rows.map((r) => r.role.name);
}
