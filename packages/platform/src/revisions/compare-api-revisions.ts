import type { ApiRevisionDefinition } from "@portico/db";
import { z } from "zod";
import { findVisibleApi } from "../apis/api-access";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";
import { captureApiDefinition } from "./capture-api-definition";
import { diffApiDefinitions } from "./diff-api-definitions";
import { findApiRevision } from "./find-api-revision";

/** The working copy, where a revision id is expected: "what changed since revision N?" */
export const WORKING_COPY = "working-copy";

export const compareApiRevisionsInput = z
  .object({ from: z.string().min(1).max(100), to: z.string().min(1).max(100) })
  .strict();

/**
 * Compares two revisions of an API (or a revision and the working copy, `working-copy`):
 * resources, scopes and settings added, removed or changed from `from` to `to`.
 */
export async function compareApiRevisions(ctx: OperationContext, apiId: string, query: unknown) {
  requireScope(ctx.actor, RestScope.apiView);
  await findVisibleApi(ctx.db, ctx.actor, apiId);
  const { from, to } = parseInput(compareApiRevisionsInput, query);
  const side = async (id: string) => {
    if (id === WORKING_COPY) return { revision: null, definition: await captureApiDefinition(ctx.db, apiId) };
    const row = await findApiRevision(ctx.db, apiId, id);
    return {
      revision: { id: row.id, number: row.number },
      definition: row.definition as unknown as ApiRevisionDefinition,
    };
  };
  const [a, b] = [await side(from), await side(to)];
  return { from: a.revision, to: b.revision, diff: diffApiDefinitions(a.definition, b.definition) };
}
