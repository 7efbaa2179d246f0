import { z } from "zod";
import type { Route } from "./router";

/** The REST API's own OpenAPI 3.1 document, generated from its route table. */
export function describeRestApi(options: {
  title: string;
  version: string;
  serverUrl: string;
  issuer: string;
  routes: Route[];
}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of options.routes) {
    const params = [...r.path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    paths[r.path] ??= {};
    (paths[r.path] as Record<string, unknown>)[r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: z.toJSONSchema(r.body, { io: "input", unrepresentable: "any" }),
                },
              },
            },
          }
        : {}),
      responses: {
        [String(r.status ?? 200)]: { description: "success" },
        "400": { $ref: "#/components/responses/Error" },
        "401": { $ref: "#/components/responses/Error" },
        "403": { $ref: "#/components/responses/Error" },
        "404": { $ref: "#/components/responses/Error" },
      },
      security: [{ portico: [r.scope] }],
    };
  }
  const scopes = Object.fromEntries([...new Set(options.routes.map((r) => r.scope))].map((s) => [s, s]));
  return {
    openapi: "3.1.0",
    info: { title: options.title, version: options.version },
    servers: [{ url: options.serverUrl }],
    paths,
    components: {
      securitySchemes: {
        portico: {
          type: "oauth2",
          flows: {
            password: { tokenUrl: `${options.issuer}/oauth2/token`, scopes },
            authorizationCode: {
              authorizationUrl: `${options.issuer}/oauth2/authorize`,
              tokenUrl: `${options.issuer}/oauth2/token`,
              scopes,
            },
          },
        },
      },
      responses: {
        Error: {
          description: "an error",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["code", "message"],
                properties: {
                  code: { type: "string" },
                  message: { type: "string" },
                  details: { type: "object" },
                },
              },
            },
          },
        },
      },
    },
  };
}
