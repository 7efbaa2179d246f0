import type { Db } from "@portico/db";
import { isAdmin, type Principal } from "../auth/principal";
import { notFound } from "../errors";

/** A developer's own application, or 404 (never 403: another's ids do not exist for them). */
export async function findOwnApplication(db: Db, actor: Principal, id: string) {
  const app = await db.application.findUnique({ where: { id }, include: { throttlingTier: true } });
  if (!app || app.ownerId !== actor.userId) throw notFound("application");
  return app;
}

/** Whether a developer may see an API in the catalog. */
export function canDiscoverApi(
  actor: Principal,
  api: { state: string; visibility: string; visibleRoles: unknown; ownerId: string | null },
) {
  if (api.state !== "PUBLISHED" && api.state !== "DEPRECATED") return false;
  if (api.visibility === "PUBLIC") return true;
  if (api.visibility === "RESTRICTED") {
    const roles = Array.isArray(api.visibleRoles) ? (api.visibleRoles as string[]) : [];
    return isAdmin(actor) || actor.roles.some((r) => roles.includes(r));
  }
  return api.ownerId === actor.userId;
}
