import { z } from "zod";
import { isAdmin, RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";
import { findOwnApplication } from "../application-access";

const tokenScopeView = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** `<name> <version>` of the API declaring it; null for a shared scope */
  api: z.string().nullable(),
  roles: z.array(z.string()),
  /** whether the developer's roles allow it */
  allowed: z.boolean(),
});
export type TokenScopeView = z.infer<typeof tokenScopeView>;

/**
 * The scopes an application's token may carry: those of the APIs it is actively subscribed to
 * (declared by the API or used by its resources), that the owner's roles allow (an API's scope
 * bound to no role is open to its subscribers; a shared one bound to no role only if public, or
 * to admins — the key manager's rule).
 */
export async function listTokenScopes(ctx: OperationContext, appId: string): Promise<TokenScopeView[]> {
  requireScope(ctx.actor, RestScope.appManage);
  await findOwnApplication(ctx.db, ctx.actor, appId);
  const subs = await ctx.db.subscription.findMany({
    where: { applicationId: appId, state: { in: ["ACTIVE", "PROD_ONLY_BLOCKED"] } },
    select: { apiId: true },
  });
  const apiIds = subs.map((s) => s.apiId);
  const scopes = await ctx.db.scope.findMany({
    where: {
      OR: [{ apiId: { in: apiIds } }, { resources: { some: { resource: { apiId: { in: apiIds } } } } }],
    },
    include: { roles: { include: { role: true } }, api: { select: { name: true, version: true } } },
    orderBy: { name: "asc" },
  });
  return scopes.map((s) => {
    const roles = s.roles.map((r) => r.role.name);
    return tokenScopeView.parse({
      name: s.name,
      description: s.description,
      api: s.api ? `${s.api.name} ${s.api.version}` : null,
      roles,
      allowed: roles.length
        ? roles.some((r) => ctx.actor.roles.includes(r))
        : // bound to no role: an API's scope is open to its subscribers; a shared one only when public
          s.apiId !== null || s.public || isAdmin(ctx.actor),
    });
  });
}
