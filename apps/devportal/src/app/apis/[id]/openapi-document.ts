import { type getCatalogApi, openApiSecurity } from "@portico/platform";

export type CatalogApi = Awaited<ReturnType<typeof getCatalogApi>>;

/**
 * The API's OpenAPI 3.1 document as a developer sees it, built from the catalog view: the
 * platform's exportOpenApi needs the publisher's api_view scope, which developers do not hold.
 * Same shape as that export: the gateway as server, one operation per resource, the OAuth 2.0
 * scheme at the key manager listing each resource's scopes, and the API key and mutual TLS
 * schemes the publisher chose, with each resource's requirement built by the same code.
 */
export function buildOpenApiDocument(api: CatalogApi, issuer: string): Record<string, unknown> {
  const security = openApiSecurity(api.securitySchemes);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of api.resources) {
    const params = [...r.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const operations = paths[r.path] ?? {};
    paths[r.path] = operations;
    operations[r.method.toLowerCase()] = {
      summary: r.description ?? `${r.method} ${r.path}`,
      ...(r.scopes.length ? { description: `Needs a token with the scope(s): ${r.scopes.join(", ")}` } : {}),
      ...(params.length ? { parameters: params } : {}),
      responses: {
        default: { description: "the backend's response" },
        ...(r.authRequired ? { "401": { description: "no token, or an expired or revoked one" } } : {}),
        ...(r.authRequired && r.scopes.length
          ? { "403": { description: "the token lacks a required scope" } }
          : {}),
      },
      security: security.requirementFor(
        { method: r.method, pathTemplate: r.path, authRequired: r.authRequired },
        r.scopes,
      ),
    };
  }
  const scopes = Object.fromEntries(
    api.scopes.map((s) => [s.name, s.description ?? s.displayName ?? s.name]),
  );
  const tokenUrl = `${issuer}/oauth2/token`;
  return {
    openapi: "3.1.0",
    info: {
      title: api.name,
      version: api.version,
      ...(api.description ? { description: api.description } : {}),
    },
    servers: [
      { url: api.gatewayUrls.versioned },
      ...(api.gatewayUrls.default ? [{ url: api.gatewayUrls.default, description: "default version" }] : []),
    ],
    paths,
    components: {
      securitySchemes: {
        ...security.securitySchemes,
        portico: {
          type: "oauth2",
          description: "Access tokens from Portico's key manager",
          ...security.oauth2,
          flows: {
            clientCredentials: { tokenUrl, scopes },
            authorizationCode: { authorizationUrl: `${issuer}/oauth2/authorize`, tokenUrl, scopes },
          },
        },
      },
    },
  };
}
