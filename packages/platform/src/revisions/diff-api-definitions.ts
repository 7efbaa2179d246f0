import type { ApiRevisionDefinition } from "@portico/db";

// A readable comparison of two API definitions: what a publisher asks before deploying ("which
// resources, scopes and settings differ?"), as lists the publisher portal renders, not a JSON dump.

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface ItemChanges<K> {
  added: K[];
  removed: K[];
  changed: Array<K & { changes: FieldChange[] }>;
}

export interface ApiDefinitionDiff {
  settings: FieldChange[];
  resources: ItemChanges<{ method: string; path: string }>;
  scopes: ItemChanges<{ name: string }>;
  tiers: { added: string[]; removed: string[] };
  keyManagers: { added: string[]; removed: string[] };
  xacmlPolicies: ItemChanges<{ policy: string; resource: string | null }>;
  documents: ItemChanges<{ name: string }>;
  /** true when nothing differs */
  same: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields of two objects whose values differ, flattened one level (`endpoints.production`). */
function fieldChanges(
  from: Record<string, unknown>,
  to: Record<string, unknown>,
  prefix = "",
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of [...new Set([...Object.keys(from), ...Object.keys(to)])].sort()) {
    const a = from[field];
    const b = to[field];
    if (same(a, b)) continue;
    const nested = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (prefix === "" && nested(a) && nested(b))
      changes.push(
        ...fieldChanges(a as Record<string, unknown>, b as Record<string, unknown>, `${field}.`).map((c) => ({
          ...c,
          field: `${prefix}${c.field}`,
        })),
      );
    else changes.push({ field: `${prefix}${field}`, from: a ?? null, to: b ?? null });
  }
  return changes;
}

function itemChanges<T, K>(
  from: readonly T[],
  to: readonly T[],
  keyOf: (item: T) => K,
  compared: (item: T) => Record<string, unknown>,
): ItemChanges<K> {
  const id = (item: T) => JSON.stringify(keyOf(item));
  const before = new Map(from.map((i) => [id(i), i]));
  const after = new Map(to.map((i) => [id(i), i]));
  const result: ItemChanges<K> = { added: [], removed: [], changed: [] };
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old) result.added.push(keyOf(item));
    else {
      const changes = fieldChanges(compared(old), compared(item), "-");
      if (changes.length)
        result.changed.push({
          ...keyOf(item),
          changes: changes.map((c) => ({ ...c, field: c.field.slice(1) })),
        });
    }
  }
  for (const [key, item] of before) if (!after.has(key)) result.removed.push(keyOf(item));
  return result;
}

function nameChanges(from: Array<{ name: string }>, to: Array<{ name: string }>) {
  const a = new Set(from.map((t) => t.name));
  const b = new Set(to.map((t) => t.name));
  return { added: [...b].filter((n) => !a.has(n)), removed: [...a].filter((n) => !b.has(n)) };
}

/** What changed from `from` to `to`. */
export function diffApiDefinitions(
  from: ApiRevisionDefinition,
  to: ApiRevisionDefinition,
): ApiDefinitionDiff {
  const settingsOf = (d: ApiRevisionDefinition) => {
    const { throttlingTier, ...rest } = d.api;
    return { ...rest, throttlingTier: throttlingTier?.name ?? null } as Record<string, unknown>;
  };
  const resourceNames = (d: ApiRevisionDefinition) =>
    new Map(d.resources.map((r) => [r.id, `${r.method} ${r.path}`]));
  const fromNames = resourceNames(from);
  const toNames = resourceNames(to);
  const diff = {
    settings: fieldChanges(settingsOf(from), settingsOf(to)),
    resources: itemChanges(
      from.resources,
      to.resources,
      (r) => ({ method: r.method, path: r.path }),
      (r) => ({
        authRequired: r.authRequired,
        description: r.description,
        scopes: r.scopes,
        throttlingTier: r.throttlingTier?.name ?? null,
      }),
    ),
    scopes: itemChanges(
      from.scopes,
      to.scopes,
      (s) => ({ name: s.name }),
      (s) => ({ displayName: s.displayName, description: s.description, roles: s.roles }),
    ),
    tiers: nameChanges(from.tiers, to.tiers),
    keyManagers: nameChanges(from.keyManagers, to.keyManagers),
    xacmlPolicies: {
      ...itemChanges(
        from.xacmlPolicies.map((p) => ({
          ...p,
          resource: p.resourceId ? (fromNames.get(p.resourceId) ?? null) : null,
        })),
        to.xacmlPolicies.map((p) => ({
          ...p,
          resource: p.resourceId ? (toNames.get(p.resourceId) ?? null) : null,
        })),
        (p) => ({ policy: p.policyName, resource: p.resource }),
        (p) => ({ version: p.version, onNotApplicable: p.onNotApplicable }),
      ),
    },
    documents: itemChanges(
      from.documents,
      to.documents,
      (d) => ({ name: d.name }),
      (d) => ({ type: d.type, updatedAt: d.updatedAt }),
    ),
  };
  const empty = (c: { added: unknown[]; removed: unknown[]; changed?: unknown[] }) =>
    c.added.length === 0 && c.removed.length === 0 && (c.changed?.length ?? 0) === 0;
  return {
    ...diff,
    same:
      diff.settings.length === 0 &&
      empty(diff.resources) &&
      empty(diff.scopes) &&
      empty(diff.tiers) &&
      empty(diff.keyManagers) &&
      empty(diff.xacmlPolicies) &&
      empty(diff.documents),
  };
}
