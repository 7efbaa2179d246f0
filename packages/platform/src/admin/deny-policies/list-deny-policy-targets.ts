import { RestScope, requireScope } from "../../auth/principal";
import type { OperationContext } from "../../context";

/** How many APIs and applications the deny policy form offers to choose from. */
const MAX_TARGETS = 1000;

/**
 * The APIs and applications a deny policy can name, by name, for the admin's form and for
 * showing a rule's conditions in words.
 */
export async function listDenyPolicyTargets(ctx: OperationContext) {
  requireScope(ctx.actor, RestScope.admin);
  const [apis, applications] = await Promise.all([
    ctx.db.api.findMany({
      select: { id: true, name: true, version: true },
      orderBy: [{ name: "asc" }, { version: "asc" }],
      take: MAX_TARGETS,
    }),
    ctx.db.application.findMany({
      select: { id: true, name: true, owner: { select: { username: true } } },
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: MAX_TARGETS,
    }),
  ]);
  return {
    apis: apis.map((a) => ({ id: a.id, label: `${a.name} ${a.version}` })),
    applications: applications.map((a) => ({ id: a.id, label: `${a.name} (${a.owner.username})` })),
  };
}
