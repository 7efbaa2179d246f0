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

/** The documents of an API the developer may see: names, kinds and links, by name. */
export async function listCatalogDocuments(ctx: OperationContext, apiId: string) {
  await requireDiscoverable(ctx, apiId);
  const rows = await ctx.db.apiDocument.findMany({
    where: { apiId },
    select: { id: true, name: true, type: true, sourceUrl: true, updatedAt: true },
    orderBy: { name: "asc" },
  });
  return rows.map((d) => ({ ...d, updatedAt: d.updatedAt.toISOString() }));
}

/** One document of an API the developer may see, with its markdown content or source URL. */
export async function getCatalogDocument(ctx: OperationContext, apiId: string, docId: string) {
  await requireDiscoverable(ctx, apiId);
  const d = await ctx.db.apiDocument.findFirst({ where: { id: docId, apiId } });
  if (!d) throw notFound("document");
  return {
    id: d.id,
    name: d.name,
    type: d.type,
    content: d.content,
    sourceUrl: d.sourceUrl,
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** 404 unless the developer may see the API; reads only what deciding that needs. */
async function requireDiscoverable(ctx: OperationContext, id: string): Promise<void> {
  const api = await ctx.db.api.findUnique({
    where: { id },
    select: { state: true, visibility: true, visibleRoles: true, ownerId: true },
  });
  if (!api || !canDiscoverApi(ctx.actor, api)) throw notFound("API");
}
