import type { Db, Prisma } from "@portico/db";
import { AppError } from "../errors";
import type { CreateApiInput } from "./api-schemas";

type Tx = Prisma.TransactionClient;
type ScopeDef = CreateApiInput["scopes"][number];
type ResourceDef = CreateApiInput["resources"][number];

/** Role names must exist in the user store. */
async function roleIds(tx: Tx | Db, names: string[]): Promise<Map<string, string>> {
  const roles = await tx.role.findMany({ where: { name: { in: names } } });
  const byName = new Map(roles.map((r) => [r.name, r.id]));
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length) {
    throw new AppError("VALIDATION_FAILED", `unknown role(s): ${missing.join(", ")}`, {
      fields: missing.map((m) => ({ field: "scopes.roles", message: `no role named ${m}` })),
    });
  }
  return byName;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) twice.add(v);
    seen.add(v);
  }
  return [...twice];
}

/** Checks a definition's scopes and resources hang together, before anything is written. */
export function checkDefinition(scopes: ScopeDef[], resources: ResourceDef[]): void {
  const dupScopes = duplicates(scopes.map((s) => s.name));
  if (dupScopes.length)
    throw new AppError("VALIDATION_FAILED", `scope declared twice: ${dupScopes.join(", ")}`);
  const dupResources = duplicates(resources.map((r) => `${r.method} ${r.path}`));
  if (dupResources.length)
    throw new AppError("VALIDATION_FAILED", `resource declared twice: ${dupResources.join(", ")}`);
}

/**
 * Replaces an API's own scopes and its resources with the given definition, inside a transaction.
 * A resource may use the API's scopes, shared ones (apiId null) or those of other versions of the
 * same API; scope names are unique platform-wide.
 */
export async function writeApiDefinition(
  tx: Tx,
  apiId: string,
  scopes: ScopeDef[],
  resources: ResourceDef[],
): Promise<void> {
  checkDefinition(scopes, resources);
  const names = scopes.map((s) => s.name);
  // `NOT: { apiId }` alone misses shared scopes (SQL: NULL <> x is not true): an API declaring a
  // shared scope's name would otherwise take it over and rebind its roles.
  const taken = await tx.scope.findMany({
    where: { name: { in: names }, OR: [{ apiId: null }, { NOT: { apiId } }] },
  });
  if (taken.length) {
    throw new AppError(
      "CONFLICT",
      `scope name already used elsewhere: ${taken.map((t) => t.name).join(", ")}`,
      {
        fields: taken.map((t) => ({ field: "scopes.name", message: `${t.name} is taken` })),
      },
    );
  }
  const roles = await roleIds(tx, [...new Set(scopes.flatMap((s) => s.roles))]);

  await tx.scope.deleteMany({ where: { apiId, name: { notIn: names } } });
  const scopeIds = new Map<string, string>();
  for (const s of scopes) {
    const row = await tx.scope.upsert({
      where: { name: s.name },
      create: { name: s.name, displayName: s.displayName, description: s.description, apiId },
      update: { displayName: s.displayName ?? null, description: s.description ?? null },
    });
    await tx.scopeRole.deleteMany({ where: { scopeId: row.id } });
    if (s.roles.length) {
      await tx.scopeRole.createMany({
        data: s.roles.map((r) => ({ scopeId: row.id, roleId: roles.get(r) ?? "" })),
      });
    }
    scopeIds.set(s.name, row.id);
  }

  const referenced = [...new Set(resources.flatMap((r) => r.scopes))].filter((n) => !scopeIds.has(n));
  if (referenced.length) {
    // shared scopes, and scopes of other versions of this API (a new version reuses them)
    const { context } = await tx.api.findUniqueOrThrow({ where: { id: apiId }, select: { context: true } });
    const shared = await tx.scope.findMany({
      where: { name: { in: referenced }, OR: [{ apiId: null }, { api: { context } }] },
    });
    for (const s of shared) scopeIds.set(s.name, s.id);
    const unknown = referenced.filter((n) => !scopeIds.has(n) || n.startsWith("portico:"));
    if (unknown.length) {
      throw new AppError("VALIDATION_FAILED", `resources use undeclared scope(s): ${unknown.join(", ")}`, {
        fields: unknown.map((u) => ({ field: "resources.scopes", message: `declare ${u} in scopes first` })),
      });
    }
  }
  const tierNames = [
    ...new Set(resources.map((r) => r.throttlingTier).filter((t): t is string => Boolean(t))),
  ];
  const tiers = await tx.throttlingTier.findMany({ where: { name: { in: tierNames }, level: "API" } });
  const tierIds = new Map(tiers.map((t) => [t.name, t.id]));
  const unknownTier = tierNames.filter((t) => !tierIds.has(t));
  if (unknownTier.length)
    throw new AppError("VALIDATION_FAILED", `unknown resource tier(s): ${unknownTier.join(", ")}`);

  // Resources are kept by method and path (their ids, and the policies attached to them, survive
  // a change of the definition); only those no longer listed are deleted.
  const listed = new Set(resources.map((r) => `${r.method} ${r.path}`));
  const stale = (
    await tx.resource.findMany({ where: { apiId }, select: { id: true, method: true, pathTemplate: true } })
  ).filter((r) => !listed.has(`${r.method} ${r.pathTemplate}`));
  if (stale.length) await tx.resource.deleteMany({ where: { id: { in: stale.map((r) => r.id) } } });
  for (const r of resources) {
    const columns = {
      authRequired: r.authRequired,
      description: r.description ?? null,
      throttlingTierId: (r.throttlingTier && tierIds.get(r.throttlingTier)) ?? null,
    };
    const row = await tx.resource.upsert({
      where: { apiId_method_pathTemplate: { apiId, method: r.method, pathTemplate: r.path } },
      create: { apiId, method: r.method, pathTemplate: r.path, ...columns },
      update: columns,
    });
    await tx.resourceScope.deleteMany({ where: { resourceId: row.id } });
    const required = [...new Set(r.scopes)];
    if (required.length) {
      await tx.resourceScope.createMany({
        data: required.map((name) => ({ resourceId: row.id, scopeId: scopeIds.get(name) ?? "" })),
      });
    }
  }
}

/** Subscription tiers offered by an API, by name (level SUBSCRIPTION). */
export async function writeApiTiers(tx: Tx, apiId: string, names: string[] | undefined): Promise<void> {
  const where = names
    ? { level: "SUBSCRIPTION" as const, name: { in: names } }
    : { level: "SUBSCRIPTION" as const };
  const tiers = await tx.throttlingTier.findMany({ where });
  if (names) {
    const missing = names.filter((n) => !tiers.some((t) => t.name === n));
    if (missing.length)
      throw new AppError("VALIDATION_FAILED", `unknown subscription tier(s): ${missing.join(", ")}`);
  }
  await tx.apiTier.deleteMany({ where: { apiId } });
  if (tiers.length) await tx.apiTier.createMany({ data: tiers.map((t) => ({ apiId, tierId: t.id })) });
}

/** Only one version of a context is the default. */
export async function makeDefaultVersion(tx: Tx, apiId: string, context: string): Promise<void> {
  await tx.api.updateMany({ where: { context, NOT: { id: apiId } }, data: { isDefaultVersion: false } });
  await tx.api.update({ where: { id: apiId }, data: { isDefaultVersion: true } });
}

/**
 * The key managers whose tokens the API accepts, by name. An empty list means only the resident
 * key manager (the gateway's rule for an API without rows); listing external ones without the
 * resident one makes the gateway refuse Portico's own tokens for this API.
 */
export async function writeApiKeyManagers(tx: Tx, apiId: string, names: string[]): Promise<void> {
  const unique = [...new Set(names)];
  const rows = await tx.keyManager.findMany({ where: { name: { in: unique } } });
  const problems = unique.flatMap((n) => {
    const row = rows.find((r) => r.name === n);
    if (!row) return [{ field: "keyManagers", message: `no key manager named ${n}` }];
    if (!row.enabled) return [{ field: "keyManagers", message: `key manager ${n} is disabled` }];
    return [];
  });
  if (problems.length) {
    throw new AppError("VALIDATION_FAILED", problems.map((p) => p.message).join("; "), { fields: problems });
  }
  await tx.apiKeyManager.deleteMany({ where: { apiId } });
  if (rows.length) {
    await tx.apiKeyManager.createMany({ data: rows.map((r) => ({ apiId, keyManagerId: r.id })) });
  }
}
