import { dereference } from "@readme/openapi-parser";
import type { OpenAPIV3 } from "openapi-types";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { findVisibleApi } from "./api-access";
import { HTTP_METHODS } from "./api-schemas";

/** One operation of an API's imported OpenAPI document, as the resource editor shows it. */
export interface OperationDoc {
  summary?: string;
  description?: string;
  deprecated: boolean;
  parameters: Array<{ name: string; in: string; required: boolean; type?: string; description?: string }>;
  /** the media types of its request body, if it has one */
  requestBody?: { required: boolean; mediaTypes: string[] };
}

type Json = Record<string, unknown>;

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v : undefined);

/** A schema's type in a word: `string`, `integer (int64)`, `string[]`. */
function typeOf(schema: unknown): string | undefined {
  if (!schema || typeof schema !== "object") return undefined;
  const s = schema as Json;
  if (s.type === "array") return `${typeOf(s.items) ?? "any"}[]`;
  const type = Array.isArray(s.type) ? s.type.join(" | ") : text(s.type);
  return type && text(s.format) ? `${type} (${s.format})` : type;
}

function parametersOf(list: unknown): Map<string, OperationDoc["parameters"][number]> {
  const byKey = new Map<string, OperationDoc["parameters"][number]>();
  for (const p of Array.isArray(list) ? (list as Json[]) : []) {
    const name = text(p.name);
    const where = text(p.in);
    if (!name || !where) continue;
    byKey.set(`${where} ${name}`, {
      name,
      in: where,
      required: p.required === true,
      type: typeOf(p.schema),
      description: text(p.description),
    });
  }
  return byKey;
}

/**
 * The operations of the API's imported OpenAPI document by `METHOD /path` (paths as the import
 * made resources of them): summary, description, parameters (the path's and the operation's) and
 * request body, for the publisher to read beside each resource. Empty when the API was not
 * imported. Internal `$ref`s are resolved; the document was validated when it was imported.
 */
export async function getApiOperations(
  ctx: OperationContext,
  id: string,
): Promise<Record<string, OperationDoc>> {
  requireScope(ctx.actor, RestScope.apiView);
  const api = await findVisibleApi(ctx.db, ctx.actor, id);
  if (!api.openApi) return {};
  let doc: Json;
  try {
    doc = (await dereference(JSON.parse(api.openApi) as OpenAPIV3.Document, {
      resolve: { external: false, file: false },
    })) as unknown as Json;
  } catch {
    // a stored document that no longer reads is shown as no document, never as an error page
    return {};
  }
  const operations: Record<string, OperationDoc> = {};
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    if (!item || typeof item !== "object") continue;
    const shared = parametersOf(item.parameters);
    for (const method of HTTP_METHODS) {
      const op = item[method.toLowerCase()] as Json | undefined;
      if (!op || typeof op !== "object") continue;
      const parameters = new Map([...shared, ...parametersOf(op.parameters)]);
      const body = op.requestBody as Json | undefined;
      operations[`${method} ${path.replace(/\/+$/, "") || "/"}`] = {
        summary: text(op.summary),
        description: text(op.description),
        deprecated: op.deprecated === true,
        parameters: [...parameters.values()],
        ...(body && typeof body === "object"
          ? {
              requestBody: {
                required: body.required === true,
                mediaTypes: Object.keys((body.content ?? {}) as Json),
              },
            }
          : {}),
      };
    }
  }
  return operations;
}
