import { z } from "zod";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { parseInput } from "../errors";
import type { ApiView } from "./api-view";
import { createApi } from "./create-api";
import { resolveImportScopes, scopeResolutionsInput } from "./import-scope-conflicts";
import { readOpenApi } from "./read-openapi";

export const importOpenApiInput = z
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
    /** roles per scope, by the scope's name in the document or its new name */
    scopeRoles: z.record(z.string(), z.array(z.string())).default({}),
    /** for each of the document's scope names that exists already: reuse it or rename it */
    scopeResolutions: scopeResolutionsInput,
  })
  .strict();

/**
 * Creates an API from an OpenAPI document: its operations become resources, its OAuth 2.0 scopes
 * become the API's scopes (roles per scope from `scopeRoles`), the document is kept for export.
 * A scope name that exists already needs a choice in `scopeResolutions` (409 listing every such
 * name otherwise, nothing stored): reuse the existing scope where the API may require it, or a
 * new name.
 */
export async function importOpenApi(ctx: OperationContext, body: unknown): Promise<ApiView> {
  requireScope(ctx.actor, RestScope.apiCreate);
  const data = parseInput(importOpenApiInput, body);
  const imported = await readOpenApi(data.document as string | Record<string, unknown>);
  const { declared, nameOf } = await resolveImportScopes(ctx, {
    scopes: imported.scopes,
    resolutions: data.scopeResolutions,
    context: data.context.trim(),
  });
  const roles = new Map(Object.entries(data.scopeRoles));
  const rolesOf = (documentName: string) => roles.get(nameOf(documentName)) ?? roles.get(documentName) ?? [];
  const api = await createApi(ctx, {
    name: data.name ?? imported.title?.replace(/[^A-Za-z0-9 ._-]/g, "").trim(),
    version: data.version ?? imported.version,
    context: data.context,
    description: data.description ?? imported.description,
    tags: data.tags,
    visibility: data.visibility,
    endpoints: data.endpoints ?? (imported.serverUrl ? { production: imported.serverUrl } : {}),
    scopes: declared.map(({ documentName, ...s }) => ({ ...s, roles: rolesOf(documentName) })),
    resources: imported.resources.map((r) => ({ ...r, scopes: r.scopes.map(nameOf) })),
  });
  await ctx.db.api.update({ where: { id: api.id }, data: { openApi: JSON.stringify(imported.document) } });
  return api;
}
