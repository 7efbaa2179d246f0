import { z } from "zod";
import { apiInclude, toApiView } from "../apis/api-view";
import type { OperationContext } from "../context";
import { notFound, parseInput } from "../errors";
import { canDiscoverApi } from "./application-access";

const query = z.object({ q: z.string().max(100).optional(), tag: z.string().max(50).optional() });

/** What a developer sees of an API: no owner details, no subscriber counts. */
function catalogView(api: Parameters<typeof toApiView>[0], gatewayUrl: string) {
  const {
    owner: _owner,
    subscriptionCount: _count,
    visibleRoles: _roles,
    ...rest
  } = toApiView(api, gatewayUrl);
  return rest;
}

/** Published and deprecated APIs the developer may see, searchable by name and tag. */
export async function listCatalog(ctx: OperationContext, filter: unknown = {}) {
  const { q, tag } = parseInput(query, filter);
  const rows = await ctx.db.api.findMany({
    where: {
      state: { in: ["PUBLISHED", "DEPRECATED"] },
      ...(q ? { OR: [{ name: { contains: q } }, { description: { contains: q } }] } : {}),
    },
    include: apiInclude,
    orderBy: [{ name: "asc" }, { version: "asc" }],
  });
  return rows
    .filter((api) => canDiscoverApi(ctx.actor, api))
    .filter((api) => !tag || (api.tags as string[]).some((t) => t.toLowerCase() === tag.toLowerCase()))
    .map((api) => catalogView(api, ctx.gatewayUrl));
}

export async function getCatalogApi(ctx: OperationContext, id: string) {
  const api = await ctx.db.api.findUnique({ where: { id }, include: apiInclude });
  if (!api || !canDiscoverApi(ctx.actor, api)) throw notFound("API");
  return catalogView(api, ctx.gatewayUrl);
}
