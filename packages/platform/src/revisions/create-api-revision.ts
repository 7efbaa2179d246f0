import type { Db } from "@portico/db";
import { z } from "zod";
import { findChangeableApi } from "../apis/api-access";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { captureApiDefinition } from "./capture-api-definition";
import { revisionInclude, toRevisionSummary } from "./revision-view";

/** How many revisions an API keeps; making one more prunes the oldest undeployed one. */
export const MAX_REVISIONS_PER_API = 5;

export const createApiRevisionInput = z
  .object({ description: z.string().trim().max(500).optional() })
  .strict();

/**
 * Snapshots the API's working copy as its next revision. At most five are kept: the oldest one
 * deployed nowhere makes room, and when all five are deployed the call is refused (409).
 */
export async function createApiRevision(ctx: OperationContext, apiId: string, body: unknown) {
  requireScope(ctx.actor, RestScope.apiCreate);
  const input = parseInput(createApiRevisionInput, body ?? {});
  await findChangeableApi(ctx.db, ctx.actor, apiId);
  const { revision, pruned } = await storeApiRevision(ctx.db, apiId, input.description, ctx.actor.username);
  await audit(
    ctx.db,
    ctx.actor,
    "api.revision.create",
    { type: "api", id: apiId },
    { revision: revision.number, ...(pruned !== undefined ? { pruned } : {}) },
  );
  return toRevisionSummary(revision);
}

/**
 * Stores the working copy as the API's next revision, pruning the oldest undeployed one past the
 * limit; the part of `createApiRevision` that publishing's first deployment shares.
 */
export async function storeApiRevision(
  db: Db,
  apiId: string,
  description: string | undefined,
  createdBy: string,
) {
  return db.$transaction(async (tx) => {
    // Taking the number first locks the API row, so concurrent creations queue behind each other.
    const { lastRevisionNumber } = await tx.api.update({
      where: { id: apiId },
      data: { lastRevisionNumber: { increment: 1 } },
      select: { lastRevisionNumber: true },
    });
    const kept = await tx.apiRevision.findMany({
      where: { apiId },
      select: { id: true, number: true, _count: { select: { deployments: true } } },
      orderBy: { number: "asc" },
    });
    let pruned: number | undefined;
    if (kept.length >= MAX_REVISIONS_PER_API) {
      const oldest = kept.find((r) => r._count.deployments === 0);
      if (!oldest)
        throw new AppError(
          "CONFLICT",
          `all ${MAX_REVISIONS_PER_API} revisions of this API are deployed; undeploy or delete one before creating another`,
          { limit: MAX_REVISIONS_PER_API },
        );
      await tx.apiRevision.delete({ where: { id: oldest.id } });
      pruned = oldest.number;
    }
    const definition = await captureApiDefinition(tx, apiId);
    const revision = await tx.apiRevision.create({
      data: {
        apiId,
        number: lastRevisionNumber,
        description: description || null,
        definition: definition as object,
        createdBy: createdBy,
      },
      include: revisionInclude,
    });
    return { revision, pruned };
  });
}
