import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";
import type { ApiView } from "./api-view";
import { createApi } from "./create-api";
import { readOpenApi } from "./read-openapi";

const input = z
  .object({
    document: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    name: z.string().optional(),
    version: z.string().optional(),
    context: z.string(),
    /** as for a new API (validated there) */
    endpoints: z.record(z.string(), z.unknown()).optional(),
    description: z.string().optional(),
    tags: z.array(z.string()).optional(),
    visibility: z.enum(["PUBLIC", "RESTRICTED", "PRIVATE"]).optional(),
    scopeRoles: z.record(z.string(), z.array(z.string())).default({}),
  })
  .strict();

/**
 * Creates an API from an OpenAPI document: its operations become resources, its OAuth 2.0 scopes
 * become the API's scopes (roles per scope from `scopeRoles`), the document is kept for export.
 */
export async function importOpenApi(ctx: OperationContext, body: unknown): Promise<ApiView> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(input, body);
  const imported = await readOpenApi(data.document as string | Record<string, unknown>);
  const api = await createApi(ctx, {
    name: data.name ?? imported.title?.replace(/[^A-Za-z0-9 ._-]/g, "").trim(),
    version: data.version ?? imported.version,
    context: data.context,
    description: data.description ?? imported.description,
    tags: data.tags,
    visibility: data.visibility,
    endpoints: data.endpoints ?? (imported.serverUrl ? { production: imported.serverUrl } : {}),
    scopes: imported.scopes.map((s) => ({ ...s, roles: data.scopeRoles[s.name] ?? [] })),
    resources: imported.resources,
  });
  await ctx.db.api.update({ where: { id: api.id }, data: { openApi: JSON.stringify(imported.document) } });
  return api;
}
