import type { Db } from "@portico/db";
import { describeDenyPolicy } from "./deny-policies/deny-policy-view";

/** An audit target as people know it: "PizzaShack 1.0.0", "Gold (subscription tier)". */
export interface AuditTargetName {
  type: string;
  id: string;
  /** the object's name today, or the name recorded when it was deleted */
  name: string;
  /** false when the object no longer exists */
  exists: boolean;
}

const SETTINGS_NAMES: Record<string, string> = {
  "token-validity": "Token validity",
  signup: "Developer self sign-up",
};

type Lookup = (db: Db, ids: string[]) => Promise<Array<[string, string]>>;

// One query per target type on the page, never one per row.
const lookups: Record<string, Lookup> = {
  api: async (db, ids) =>
    (
      await db.api.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, version: true } })
    ).map((a) => [a.id, `${a.name} ${a.version}`]),
  application: async (db, ids) =>
    (
      await db.application.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, owner: { select: { username: true } } },
      })
    ).map((a) => [a.id, `${a.name} (${a.owner.username})`]),
  subscription: async (db, ids) =>
    (
      await db.subscription.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          application: { select: { name: true } },
          api: { select: { name: true, version: true } },
        },
      })
    ).map((s) => [s.id, `${s.application.name} → ${s.api.name} ${s.api.version}`]),
  tier: async (db, ids) =>
    (await db.throttlingTier.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map(
      (t) => [t.id, t.name],
    ),
  user: async (db, ids) =>
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true } })).map(
      (u) => [u.id, u.username],
    ),
  policy: async (db, ids) =>
    (await db.xacmlPolicy.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map(
      (p) => [p.id, p.name],
    ),
  key_manager: async (db, ids) =>
    (await db.keyManager.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map(
      (k) => [k.id, k.name],
    ),
  identity_provider: async (db, ids) =>
    (
      await db.identityProvider.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
    ).map((p) => [p.id, p.name]),
  deny_policy: async (db, ids) =>
    (await db.denyPolicy.findMany({ where: { id: { in: ids } } })).map((d) => [d.id, describeDenyPolicy(d)]),
  grant_type: async (db, ids) =>
    (
      await db.grantTypeSetting.findMany({
        where: { name: { in: ids } },
        select: { name: true, displayName: true },
      })
    ).map((g) => [g.name, g.displayName]),
  // scopes and signing keys are audited by their name and kid, which are their names
  scope: async (_db, ids) => ids.map((id) => [id, id]),
  signing_key: async (_db, ids) => ids.map((id) => [id, `key ${id}`]),
  settings: async (_db, ids) => ids.map((id) => [id, SETTINGS_NAMES[id] ?? id]),
};

/**
 * Names the targets of a page of audit events. An object deleted since keeps the name its
 * event recorded (`details.name`), or is called "deleted <type>".
 */
export async function nameAuditTargets(
  db: Db,
  events: Array<{ targetType: string | null; targetId: string | null; details: unknown }>,
): Promise<Map<string, AuditTargetName>> {
  const idsByType = new Map<string, Set<string>>();
  for (const e of events) {
    if (!e.targetType || !e.targetId) continue;
    idsByType.set(e.targetType, (idsByType.get(e.targetType) ?? new Set()).add(e.targetId));
  }
  const found = new Map<string, string>();
  await Promise.all(
    [...idsByType].map(async ([type, ids]) => {
      const lookup = lookups[type];
      if (!lookup) return;
      for (const [id, name] of await lookup(db, [...ids])) found.set(`${type}:${id}`, name);
    }),
  );
  const names = new Map<string, AuditTargetName>();
  for (const e of events) {
    if (!e.targetType || !e.targetId) continue;
    const key = `${e.targetType}:${e.targetId}`;
    if (names.has(key)) continue;
    const current = found.get(key);
    const recorded = (e.details as { name?: unknown } | null)?.name;
    names.set(key, {
      type: e.targetType,
      id: e.targetId,
      name:
        current ?? (typeof recorded === "string" ? recorded : `deleted ${e.targetType.replaceAll("_", " ")}`),
      exists: current !== undefined,
    });
  }
  return names;
}
