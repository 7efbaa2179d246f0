import { parseSecuritySchemes, securitySchemesSchema } from "@portico/api-policies";
import { z } from "zod";
import { type ApiRow, apiGatewayUrls, apiInclude } from "../apis/api-view";
import type { OperationContext } from "../context";
import { notFound, parseInput } from "../errors";
import { canDiscoverApi } from "./application-access";

const query = z.object({ q: z.string().max(100).optional(), tag: z.string().max(50).optional() });

/**
 * What a developer may see of an API, field by field: how to call it (gateway URLs, transports,
 * resources and their scopes) and how to subscribe (tiers). Never what only its publisher
 * knows: backend endpoints and failovers, backend JWT and CORS settings, whether the
 * Authorization header is forwarded, key managers, visibility rules, owner, subscriber counts.
 * The security schemes are public: a caller needs them (the API key's header, DPoP, mutual TLS)
 * to call the API at all.
 * A field is public only when it is listed here; zod drops anything else.
 */
export const catalogApiView = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  context: z.string(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  state: z.enum(["PUBLISHED", "DEPRECATED"]),
  transports: z.array(z.string()),
  isDefaultVersion: z.boolean(),
  gatewayUrls: z.object({ versioned: z.string(), default: z.string().optional() }),
  scopes: z.array(
    z.object({ name: z.string(), displayName: z.string().nullable(), description: z.string().nullable() }),
  ),
  resources: z.array(
    z.object({
      id: z.string(),
      method: z.string(),
      path: z.string(),
      authRequired: z.boolean(),
      description: z.string().nullable(),
      scopes: z.array(z.string()),
    }),
  ),
  tiers: z.array(z.string()),
  securitySchemes: securitySchemesSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CatalogApiView = z.infer<typeof catalogApiView>;

/** The public view of an API row (built from the row, then passed through the schema). */
function catalogView(api: ApiRow, gatewayUrl: string): CatalogApiView {
  return catalogApiView.parse({
    id: api.id,
    name: api.name,
    version: api.version,
    context: api.context,
    description: api.description,
    tags: api.tags,
    state: api.state,
    transports: api.transports,
    isDefaultVersion: api.isDefaultVersion,
    gatewayUrls: apiGatewayUrls(gatewayUrl, api),
    scopes: api.scopes.map((s) => ({ name: s.name, displayName: s.displayName, description: s.description })),
    resources: api.resources.map((r) => ({
      id: r.id,
      method: r.method,
      path: r.pathTemplate,
      authRequired: r.authRequired,
      description: r.description,
      scopes: r.scopes.map((s) => s.scope.name).sort(),
    })),
    tiers: api.tiers.map((t) => t.tier.name).sort(),
    securitySchemes: parseSecuritySchemes(api.securitySchemes),
    createdAt: api.createdAt.toISOString(),
    updatedAt: api.updatedAt.toISOString(),
  });
}

/** Published and deprecated APIs the developer may see, searchable by name and tag. */
export async function listCatalog(ctx: OperationContext, filter: unknown = {}): Promise<CatalogApiView[]> {
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

export async function getCatalogApi(ctx: OperationContext, id: string): Promise<CatalogApiView> {
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
