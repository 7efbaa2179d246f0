import { createUser } from "@portico/db";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, notFound, parseInput } from "../errors";
import { changedFields } from "../update-input";
import { endUserAccess } from "./end-user-access";

const view = (u: {
  id: string;
  username: string;
  email: string | null;
  displayName: string | null;
  disabled: boolean;
  source: string;
  createdAt: Date;
  lastLoginAt: Date | null;
  roles: Array<{ role: { name: string } }>;
}) => ({
  id: u.id,
  username: u.username,
  email: u.email,
  displayName: u.displayName,
  disabled: u.disabled,
  source: u.source,
  roles: u.roles.map((r) => r.role.name).sort(),
  createdAt: u.createdAt.toISOString(),
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});
const include = { roles: { include: { role: true } } } as const;

export async function listUsers(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  return (await ctx.db.user.findMany({ include, orderBy: { username: "asc" } })).map(view);
}

const createInput = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9._@-]{3,64}$/, "3-64 letters, digits or . _ @ -"),
    password: z.string().min(12, "at least 12 characters").max(200),
    email: z.email().optional(),
    displayName: z.string().max(100).optional(),
    roles: z.array(z.string()).default(["developer"]),
  })
  .strict();

/** Creates a local user; the password is stored only as a slow hash. */
export async function createUserAccount(ctx: OperationContext, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(createInput, body);
  if (await ctx.db.user.findUnique({ where: { username: data.username } })) {
    throw new AppError("CONFLICT", "that username is taken", {
      fields: [{ field: "username", message: "taken" }],
    });
  }
  const known = await ctx.db.role.findMany({ where: { name: { in: data.roles } } });
  const unknown = data.roles.filter((r) => !known.some((k) => k.name === r));
  if (unknown.length) throw new AppError("VALIDATION_FAILED", `unknown role(s): ${unknown.join(", ")}`);
  const user = await createUser(ctx.db, data);
  await audit(
    ctx.db,
    ctx.actor,
    "user.create",
    { type: "user", id: user.id },
    { username: data.username, roles: data.roles },
  );
  return view(await ctx.db.user.findUniqueOrThrow({ where: { id: user.id }, include }));
}

/** A partial update: `roles` replaces the user's roles, `disabled` switches sign-in off or on. */
export const updateUserInput = z
  .object({ roles: z.array(z.string()).optional(), disabled: z.boolean().optional() })
  .strict();

/**
 * Changes a user's roles or disables them; the last active admin keeps the admin role. Disabling
 * revokes the user's tokens and refresh families and those of the applications they own (the key
 * manager also refuses those applications' clients while the owner is disabled); re-enabling
 * revives none of them.
 */
export async function updateUserAccount(ctx: OperationContext, id: string, body: unknown) {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(updateUserInput, body);
  const user = await ctx.db.user.findUnique({ where: { id }, include });
  if (!user) throw notFound("user");
  const wasAdmin = user.roles.some((r) => r.role.name === "admin");
  const losesAdmin = wasAdmin && ((data.roles && !data.roles.includes("admin")) || data.disabled === true);
  if (losesAdmin) {
    const admins = await ctx.db.user.count({
      where: { disabled: false, roles: { some: { role: { name: "admin" } } } },
    });
    if (admins <= 1) throw new AppError("CONFLICT", "the last active admin cannot lose the admin role");
  }
  await ctx.db.$transaction(async (tx) => {
    if (data.roles) {
      const roles = await tx.role.findMany({ where: { name: { in: data.roles } } });
      const unknown = data.roles.filter((r) => !roles.some((k) => k.name === r));
      if (unknown.length) throw new AppError("VALIDATION_FAILED", `unknown role(s): ${unknown.join(", ")}`);
      await tx.userRole.deleteMany({ where: { userId: id } });
      await tx.userRole.createMany({ data: roles.map((r) => ({ userId: id, roleId: r.id })) });
    }
    if (data.disabled !== undefined)
      await tx.user.update({ where: { id }, data: { disabled: data.disabled } });
  });
  const disabling = data.disabled === true;
  const reEnabling = data.disabled === false && user.disabled;
  const revokedTokens = disabling || reEnabling ? await endUserAccess(ctx, id) : undefined;
  const after = view(await ctx.db.user.findUniqueOrThrow({ where: { id }, include }));
  await audit(
    ctx.db,
    ctx.actor,
    "user.update",
    { type: "user", id },
    { ...data, revokedTokens, fields: changedFields(view(user), after, Object.keys(updateUserInput.shape)) },
  );
  return after;
}
