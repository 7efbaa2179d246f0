import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { findVisibleApi } from "./api-access";
import { openApiSecurity } from "./openapi-security";

/**
 * The API's OpenAPI 3.1 document as the gateway serves it: gateway server URL, one operation per
 * resource, and an OAuth 2.0 security scheme at the key manager with each resource's scopes.
 * Schemas from an imported document are kept.
 */
export async function exportOpenApi(ctx: OperationContext, id: string): Promise<Record<string, unknown>> {
  requireScope(ctx.actor, RestScope.apiView);
  const api = await findVisibleApi(ctx.db, ctx.actor, id);
  const security = openApiSecurity(api.securitySchemes);
  const imported = api.openApi ? (JSON.parse(api.openApi) as Record<string, unknown>) : {};
  const importedPaths = (imported.paths ?? {}) as Record<string, Record<string, unknown>>;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of api.resources) {
    const original = (importedPaths[r.pathTemplate]?.[r.method.toLowerCase()] ?? {}) as Record<
      string,
      unknown
    >;
    const params = [...r.pathTemplate.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    paths[r.pathTemplate] ??= {};
    (paths[r.pathTemplate] as Record<string, unknown>)[r.method.toLowerCase()] = {
      ...original,
      summary: (original.summary as string | undefined) ?? r.description ?? `${r.method} ${r.pathTemplate}`,
      ...(original.parameters ? {} : params.length ? { parameters: params } : {}),
      responses: original.responses ?? { default: { description: "response from the backend" } },
      security: security.requirementFor(
        r,
        r.scopes.map((s) => s.scope.name),
      ),
    };
  }
  const scopes = Object.fromEntries(
    api.scopes.map((s) => [s.name, s.description ?? s.displayName ?? s.name]),
  );
  const importedComponents = (imported.components ?? {}) as Record<string, unknown>;
  return {
    openapi: "3.1.0",
    info: {
      title: api.name,
      version: api.version,
      ...(api.description ? { description: api.description } : {}),
    },
    servers: [{ url: `${ctx.gatewayUrl}${api.context}/${api.version}` }],
    paths,
    components: {
      ...importedComponents,
      securitySchemes: {
        ...security.securitySchemes,
        portico: {
          type: "oauth2",
          description: "Access tokens from Portico's key manager",
          ...security.oauth2,
          flows: {
            clientCredentials: { tokenUrl: `${ctx.issuer}/oauth2/token`, scopes },
            authorizationCode: {
              authorizationUrl: `${ctx.issuer}/oauth2/authorize`,
              tokenUrl: `${ctx.issuer}/oauth2/token`,
              scopes,
            },
          },
        },
      },
    },
  };
}
