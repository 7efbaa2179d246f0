import { z } from "zod";
import type { Route } from "./router";

/** What a PUT or PATCH body means, per route (`x-portico-update` names it for tools). */
const UPDATE_SEMANTICS = {
  partial:
    "Partial update: changes exactly the fields in the body; every field omitted keeps its value " +
    "(no default is filled in) and an empty body changes nothing. A field sent replaces that field's " +
    "whole value (an object or a list is not merged). Rules about the whole object are checked on " +
    "the object with the change applied.",
  replace:
    "Replaces the whole setting: every required field must be in the body; a body lacking one is " +
    "refused with 400 VALIDATION_FAILED naming it in details.fields, and nothing changes.",
} as const;

const UPDATES =
  "Updates (PUT/PATCH): unless an operation says it replaces the whole setting, an update is partial. " +
  "It changes exactly the fields sent and leaves every other field as it is; an empty body changes " +
  "nothing. Each update's audit entry lists the names of the fields it changed.";

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
      ...(r.update ? { description: UPDATE_SEMANTICS[r.update], "x-portico-update": r.update } : {}),
      tags: [r.tag],
      ...(params.length ? { parameters: params } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: r.update !== "partial",
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
    info: { title: options.title, version: options.version, description: UPDATES },
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
