import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";
import { ownedApisWhere } from "./api-access";
import { type ApiView, apiInclude, toApiView } from "./api-view";

const query = z.object({
  state: z.enum(["CREATED", "PUBLISHED", "DEPRECATED", "RETIRED", "BLOCKED"]).optional(),
  q: z.string().max(100).optional(),
});

/** The APIs a publisher owns (an admin: all of them). */
export async function listApis(ctx: OperationContext, filter: unknown = {}): Promise<ApiView[]> {
  requireScope(ctx.actor, RestScope.apiView);
  const { state, q } = parseInput(query, filter);
  const rows = await ctx.db.api.findMany({
    where: {
      ...(state ? { state } : {}),
      ...(q ? { OR: [{ name: { contains: q } }, { context: { contains: q } }] } : {}),
      ...ownedApisWhere(ctx.actor),
    },
    include: apiInclude,
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  return rows.map((r) => toApiView(r, ctx.gatewayUrl));
}
