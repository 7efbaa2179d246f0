import type { Db } from "@portico/db";
import { notFound } from "../errors";
import { revisionInclude } from "./revision-view";

/** An API's revision by id; 404 when it belongs to another API (callers check the API first). */
export async function findApiRevision(db: Db, apiId: string, revisionId: string) {
  const row = await db.apiRevision.findUnique({ where: { id: revisionId }, include: revisionInclude });
  if (!row || row.apiId !== apiId) throw notFound("revision");
  return row;
}
