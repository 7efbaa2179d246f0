import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { CompileContext } from "../define-policy";
import { PolicyRejection, type PolicyRequest, type RequestStep } from "../request-step";
import { findOperation, type OperationParameter } from "./find-operation";
import type { RequestValidationConfig } from "./schema";

const DOCUMENT = "openapi";

/** One validator pair per document (parsed once per snapshot), shared by its resources. */
const validators = new WeakMap<object, { body: Ajv; parameters: Ajv }>();

export function ajvFor(doc: object) {
  let pair = validators.get(doc);
  if (!pair) {
    const make = (coerceTypes: false | "array") => {
      // strict off: OpenAPI schemas carry keywords JSON Schema does not know (example, xml, …)
      const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes, validateSchema: false });
      addFormats(ajv);
      ajv.addSchema(doc as object, DOCUMENT);
      return ajv;
    };
    pair = { body: make(false), parameters: make("array") };
    validators.set(doc, pair);
  }
  return pair;
}

export const ref = (pointer: string) => ({ $ref: `${DOCUMENT}#${pointer}` });

export function pointerOf(error: ErrorObject): string {
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  return missing === undefined ? error.instancePath || "/" : `${error.instancePath}/${missing}`;
}

function refuse(where: string, error: ErrorObject | undefined): never {
  const pointer = error ? pointerOf(error) : "/";
  const message = error?.keyword === "required" ? "is required" : (error?.message ?? "is not valid");
  throw new PolicyRejection(400, "invalid_request", `${where} ${pointer} ${message}`);
}

function compileParameters(ajv: Ajv, parameters: OperationParameter[], where: OperationParameter["in"]) {
  const mine = parameters.filter((p) => p.in === where);
  if (mine.length === 0) return undefined;
  const schema = {
    type: "object",
    properties: Object.fromEntries(mine.map((p) => [p.name, p.schemaPointer ? ref(p.schemaPointer) : {}])),
    required: mine.filter((p) => p.required).map((p) => p.name),
  };
  return { validate: ajv.compile(schema), parameters: mine };
}

/**
 * The resource's template as a regular expression capturing each parameter, named as the
 * document names them (`/orders/{id}` may be `/orders/{orderId}` there: same position).
 */
function pathParameters(template: string, documentPath: string): { regex: RegExp; names: string[] } {
  const names = [...documentPath.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  const source = template
    .split("/")
    .map((segment) =>
      /^\{[^}]+\}$/.test(segment) ? "([^/]+)" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return { regex: new RegExp(`^${source}$`), names };
}

export function isJson(mediaType: string): boolean {
  return mediaType === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

export function compileRequestValidation(
  config: RequestValidationConfig,
  context: CompileContext,
): RequestStep {
  const doc = context.openApi;
  if (!doc || typeof doc !== "object") throw new Error("request validation needs the API's OpenAPI document");
  const operation = findOperation(doc, context.resource.method, context.resource.path);
  // A resource the document does not describe: nothing to validate it against.
  if (!operation) return () => {};
  const { body: bodyAjv, parameters: parameterAjv } = ajvFor(doc);
  const checks: Array<(request: PolicyRequest) => void> = [];

  if (config.parameters) {
    const path = compileParameters(parameterAjv, operation.parameters, "path");
    if (path) {
      const template = pathParameters(context.resource.path, operation.path);
      checks.push((request) => {
        const m = template.regex.exec(request.path);
        const values: Record<string, string> = {};
        template.names.forEach((name, i) => {
          const raw = m?.[i + 1];
          if (raw !== undefined) values[name] = decodeURIComponent(raw);
        });
        if (!path.validate(values)) refuse("path parameter", path.validate.errors?.[0]);
      });
    }
    const query = compileParameters(parameterAjv, operation.parameters, "query");
    if (query)
      checks.push((request) => {
        const params = new URLSearchParams(request.query);
        const values: Record<string, string | string[]> = {};
        for (const p of query.parameters) {
          const all = params.getAll(p.name);
          if (all.length > 0) values[p.name] = p.isArray ? all : (all[0] as string);
        }
        if (!query.validate(values)) refuse("query parameter", query.validate.errors?.[0]);
      });
    const header = compileParameters(parameterAjv, operation.parameters, "header");
    if (header)
      checks.push((request) => {
        const values: Record<string, unknown> = {};
        for (const p of header.parameters) {
          const v = request.headers[p.name];
          if (v !== undefined) values[p.name] = Array.isArray(v) ? v.join(", ") : v;
        }
        if (!header.validate(values)) refuse("header", header.validate.errors?.[0]);
      });
  }

  if (config.body && operation.bodySchemas.size > 0) {
    const bodies = new Map<string, ValidateFunction | undefined>();
    for (const [media, pointer] of operation.bodySchemas)
      bodies.set(media, isJson(media) && pointer ? bodyAjv.compile(ref(pointer)) : undefined);
    checks.push((request) => validateBody(request, bodies, operation.bodyRequired));
  }
  return (request) => {
    for (const check of checks) check(request);
  };
}

function validateBody(
  request: PolicyRequest,
  bodies: Map<string, ValidateFunction | undefined>,
  required: boolean,
): void {
  const body = request.body;
  if (!body || body.length === 0) {
    if (required) throw new PolicyRejection(400, "invalid_request", "the request body is required");
    return;
  }
  const header = request.headers["content-type"];
  const media = (Array.isArray(header) ? header[0] : header)?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!bodies.has(media))
    throw new PolicyRejection(
      400,
      "invalid_request",
      `the request body must be ${[...bodies.keys()].join(" or ")}, not ${media || "untyped"}`,
    );
  const validate = bodies.get(media);
  if (!validate) return;
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new PolicyRejection(400, "invalid_request", "the request body is not valid JSON");
  }
  if (!validate(value)) refuse("request body", validate.errors?.[0]);
}
