import type { Db, Prisma } from "@portico/db";
import { isAdmin, type Principal } from "../auth/principal";
import { notFound } from "../errors";
import { type ApiRow, loadApi } from "./api-view";

// On the publisher side an API is its owner's (and the admins'): other publishers neither see nor
// change it, whatever its visibility (which decides the developer portal only). An API without an
// owner (its owner's account was removed) is the admins' alone.

/** Whether the actor owns the API, or is an admin. */
export function ownsApi(actor: Principal, api: { ownerId: string | null }): boolean {
  return isAdmin(actor) || (api.ownerId !== null && api.ownerId === actor.userId);
}

/** Whether a publisher may see an API in the publisher portal and its REST API: owner or admin. */
export const canSeeApi = ownsApi;

/** Whether a publisher may change an API: owner or admin. */
export const canChangeApi = ownsApi;

/** The APIs the actor may see on the publisher side, as a query filter. */
export function ownedApisWhere(actor: Principal): Prisma.ApiWhereInput {
  return isAdmin(actor) ? {} : { ownerId: actor.userId };
}

/** The API, or 404 when it does not exist or is another owner's (never 403: no existence leak). */
export async function findVisibleApi(db: Db, actor: Principal, id: string): Promise<ApiRow> {
  const api = await loadApi(db, id);
  if (!api || !ownsApi(actor, api)) throw notFound("API");
  return api;
}

/** The API for a change: the same rule as seeing it (owner or admin), 404 otherwise. */
export const findChangeableApi = findVisibleApi;
