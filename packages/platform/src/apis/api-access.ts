import type { Db } from "@portico/db";
import { isAdmin, type Principal } from "../auth/principal";
import { notFound } from "../errors";
import { type ApiRow, loadApi } from "./api-view";

/** Whether a publisher may see an API: admins see all; PRIVATE ones only their owner. */
export function canSeeApi(actor: Principal, api: { ownerId: string | null; visibility: string }): boolean {
  return isAdmin(actor) || api.visibility !== "PRIVATE" || api.ownerId === actor.userId;
}

/** Whether a publisher may change an API: admins, the owner, or anyone for unowned APIs. */
export function canChangeApi(actor: Principal, api: { ownerId: string | null }): boolean {
  return isAdmin(actor) || api.ownerId === null || api.ownerId === actor.userId;
}

/** The API, or 404 when it does not exist or the actor may not see it (never 403: no existence leak). */
export async function findVisibleApi(db: Db, actor: Principal, id: string): Promise<ApiRow> {
  const api = await loadApi(db, id);
  if (!api || !canSeeApi(actor, api)) throw notFound("API");
  return api;
}

/** The API for a change: 404 when invisible, 404 too when visible but owned by another publisher. */
export async function findChangeableApi(db: Db, actor: Principal, id: string): Promise<ApiRow> {
  const api = await findVisibleApi(db, actor, id);
  if (!canChangeApi(actor, api)) throw notFound("API");
  return api;
}
