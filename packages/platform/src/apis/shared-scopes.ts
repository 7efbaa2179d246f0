import { z } from "zod";
import { audit } from "../audit";
import { isAdmin, RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields, partialUpdateInput } from "../update-input";
import { scopeInput } from "./api-schemas";

// Shared scopes have no API (apiId null): any API's resources may require them, so a publisher
// can give one permission ("orders:read") to several APIs. Names are unique platform-wide like
// every scope. Managing them needs api_create, as defining an API's own scopes does. Each has an
// owner (who created it): only they or an admin may change or delete it; everyone else may see it
// and require it in their own APIs' resources. Bound to no role, it is granted to admins only,
// unless its owner marks it public (then to anyone whose application may have it).

/** Whether a shared scope bound to no role is open to everyone (otherwise admins only). */
const publicFlag = z.boolean();

export const createSharedScopeInput = scopeInput.extend({ public: publicFlag.default(false) }).strict();
/** A partial update: the name is the scope's identity (tokens carry it) and cannot change. */
export const updateSharedScopeInput = partialUpdateInput(
  scopeInput.omit({ name: true }).extend({ public: publicFlag }).shape,
);

const sharedScopeInclude = {
  roles: { include: { role: true } },
  owner: { select: { username: true } },
  resources: { select: { resource: { select: { apiId: true } } } },
} as const;

type SharedScopeRow = {
  id: string;
  name: string;
  displayName: string | null;
  description: string | null;
  ownerId: string | null;
  public: boolean;
  owner: { username: string } | null;
  roles: Array<{ role: { name: string } }>;
  resources: Array<{ resource: { apiId: string } }>;
};

const view = (s: SharedScopeRow) => ({
  name: s.name,
  displayName: s.displayName,
  description: s.description,
  roles: s.roles.map((r) => r.role.name).sort(),
  /** granted to anyone when bound to no role (otherwise: admins only) */
  public: s.public,
  /** who may change it (null: admins only) */
  owner: s.owner?.username ?? null,
  /** how many resources require it, and in how many APIs */
  usage: { resources: s.resources.length, apis: new Set(s.resources.map((r) => r.resource.apiId)).size },
});
export type SharedScopeView = ReturnType<typeof view>;

async function roleIds(ctx: OperationContext, names: string[]): Promise<string[]> {
  const unique = [...new Set(names)];
  const roles = await ctx.db.role.findMany({ where: { name: { in: unique } } });
  const missing = unique.filter((n) => !roles.some((r) => r.name === n));
  if (missing.length) {
    throw new AppError("VALIDATION_FAILED", `unknown role(s): ${missing.join(", ")}`, {
      fields: missing.map((m) => ({ field: "roles", message: `no role named ${m}` })),
    });
  }
  return roles.map((r) => r.id);
}

async function findShared(ctx: OperationContext, name: string) {
  const row = await ctx.db.scope.findFirst({
    where: { name, apiId: null, NOT: { name: { startsWith: "portico:" } } },
    include: sharedScopeInclude,
  });
  if (!row || row.name === "openid") throw notFound("shared scope");
  return row;
}

/** A shared scope the actor may change: its owner or an admin (403 otherwise: every publisher sees it). */
async function findOwnShared(ctx: OperationContext, name: string) {
  const row = await findShared(ctx, name);
  if (!isAdmin(ctx.actor) && (row.ownerId === null || row.ownerId !== ctx.actor.userId)) {
    throw new AppError("FORBIDDEN", `only the owner of ${name} or an admin may change it`);
  }
  return row;
}

export async function listSharedScopes(ctx: OperationContext): Promise<SharedScopeView[]> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const rows = await ctx.db.scope.findMany({
    where: { apiId: null, NOT: { name: { startsWith: "portico:" } } },
    include: sharedScopeInclude,
    orderBy: { name: "asc" },
  });
  // the platform's own scopes (portico:*, openid) are not the publishers' to manage
  return rows.filter((r) => r.name !== "openid").map(view);
}

export async function createSharedScope(ctx: OperationContext, input: unknown): Promise<SharedScopeView> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(createSharedScopeInput, input);
  if (await ctx.db.scope.findUnique({ where: { name: data.name } })) {
    throw new AppError("CONFLICT", `a scope named ${data.name} already exists`, {
      fields: [{ field: "name", message: "scope names are unique across all APIs" }],
    });
  }
  const roles = await roleIds(ctx, data.roles);
  try {
    await ctx.db.scope.create({
      data: {
        name: data.name,
        displayName: data.displayName,
        description: data.description,
        apiId: null,
        ownerId: ctx.actor.userId,
        public: data.public,
        roles: { create: roles.map((roleId) => ({ roleId })) },
      },
    });
  } catch (e) {
    // a concurrent creation of the same name
    if (typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002")
      throw new AppError("CONFLICT", `a scope named ${data.name} already exists`);
    throw e;
  }
  await audit(ctx.db, ctx.actor, "scope.create", { type: "scope", id: data.name }, { roles: data.roles });
  return view(await findShared(ctx, data.name));
}

/** Changes a shared scope's description or bound roles; its name stays (tokens carry it). */
export async function updateSharedScope(ctx: OperationContext, name: string, input: unknown) {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(updateSharedScopeInput, input);
  const existing = await findOwnShared(ctx, name);
  const roles = data.roles ? await roleIds(ctx, data.roles) : undefined;
  await ctx.db.$transaction(async (tx) => {
    await tx.scope.update({
      where: { id: existing.id },
      data: { displayName: data.displayName, description: data.description, public: data.public },
    });
    if (roles) {
      await tx.scopeRole.deleteMany({ where: { scopeId: existing.id } });
      if (roles.length)
        await tx.scopeRole.createMany({ data: roles.map((roleId) => ({ scopeId: existing.id, roleId })) });
    }
  });
  const after = view(await findShared(ctx, name));
  await audit(
    ctx.db,
    ctx.actor,
    "scope.update",
    { type: "scope", id: name },
    { fields: changedFields(view(existing), after, Object.keys(updateSharedScopeInput.shape)) },
  );
  return after;
}

/** Deletes a shared scope no resource requires; one in use is 409, naming how many use it. */
export async function deleteSharedScope(ctx: OperationContext, name: string): Promise<void> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const existing = await findOwnShared(ctx, name);
  if (existing.resources.length) {
    throw new AppError("CONFLICT", `${name} is required by ${existing.resources.length} resource(s)`, {
      resources: existing.resources.length,
    });
  }
  // only delete if still unused: a resource may have started using it meanwhile
  const { count } = await ctx.db.scope.deleteMany({ where: { id: existing.id, resources: { none: {} } } });
  if (count === 0) throw new AppError("CONFLICT", `${name} is now required by a resource`);
  await audit(ctx.db, ctx.actor, "scope.delete", { type: "scope", id: name });
}
