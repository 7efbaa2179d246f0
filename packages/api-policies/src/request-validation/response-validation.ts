import type { ValidateFunction } from "ajv";
import type { CompileContext } from "../define-policy";
import type { PolicyCall, PolicyResponse, ResponseStep } from "../response-step";
import { escapeToken, findOperation, follow } from "./find-operation";
import { ajvFor, isJson, pointerOf, ref } from "./handler";
import type { RequestValidationConfig } from "./schema";

/** Answers larger than this are passed on unchecked (holding them delays the caller). */
export const RESPONSE_VALIDATION_MAX_BYTES = 1024 * 1024;
/** A mismatch is logged once per API, resource and failing pointer in this window. */
export const RESPONSE_LOG_WINDOW_MS = 60_000;
const MAX_REMEMBERED = 10_000;

/** (api, resource, status, pointer) -> when it was last logged; bounded */
const lastLogged = new Map<string, number>();

function shouldLog(key: string, now: number): boolean {
  const last = lastLogged.get(key);
  if (last !== undefined && now - last < RESPONSE_LOG_WINDOW_MS) return false;
  if (lastLogged.size >= MAX_REMEMBERED) {
    for (const [k, at] of lastLogged) if (now - at >= RESPONSE_LOG_WINDOW_MS) lastLogged.delete(k);
    if (lastLogged.size >= MAX_REMEMBERED) lastLogged.clear();
  }
  lastLogged.set(key, now);
  return true;
}

/** The operation's JSON response schemas by status key (`200`, `2XX`, `default`), compiled. */
function responseValidators(doc: object, operationPointer: string): Map<string, ValidateFunction> {
  const byStatus = new Map<string, ValidateFunction>();
  const responses = follow(doc, `${operationPointer}/responses`);
  if (!responses) return byStatus;
  const { body: ajv } = ajvFor(doc);
  for (const status of Object.keys(responses.node)) {
    const response = follow(doc, `${responses.pointer}/${escapeToken(status)}`);
    const content = response?.node.content;
    if (!response || !content || typeof content !== "object") continue;
    const media = Object.keys(content).find((m) => isJson(m.toLowerCase()));
    if (media === undefined) continue;
    const schema = follow(doc, `${response.pointer}/content/${escapeToken(media)}/schema`);
    if (schema) byStatus.set(status.toUpperCase(), ajv.compile(ref(schema.pointer)));
  }
  return byStatus;
}

/**
 * Log-only response validation: the backend's JSON answer is checked against the response schema
 * the operation gives for its status (the exact code, then `2XX`, then `default`). A mismatch is a
 * structured warning naming the API, the resource, the status and the failing JSON pointer (and
 * the schema keyword), never a value from the body; the answer itself is never changed.
 */
export function compileResponseValidation(
  config: RequestValidationConfig,
  context: CompileContext,
): ResponseStep | undefined {
  if (config.responses !== "log") return undefined;
  const doc = context.openApi;
  if (!doc || typeof doc !== "object")
    throw new Error("response validation needs the API's OpenAPI document");
  const operation = findOperation(doc, context.resource.method, context.resource.path);
  if (!operation) return undefined;
  const validators = responseValidators(doc, operation.pointer);
  if (validators.size === 0) return undefined;
  const api = context.id.slice(0, context.id.lastIndexOf(":"));
  const resource = `${context.resource.method} ${context.resource.path}`;

  const mismatch = (call: PolicyCall, status: number, pointer: string, keyword: string, message: string) => {
    if (!shouldLog(`${api}\n${resource}\n${status}\n${pointer}`, call.now)) return;
    call.warn("the backend's answer does not match the API's OpenAPI response schema", {
      api,
      resource,
      status,
      pointer,
      keyword,
      problem: message,
    });
  };

  return {
    bodyLimit: RESPONSE_VALIDATION_MAX_BYTES,
    body(call: PolicyCall, response: PolicyResponse, body: Buffer) {
      const status = response.status;
      const validate =
        validators.get(String(status)) ??
        validators.get(`${String(status)[0]}XX`) ??
        validators.get("DEFAULT");
      if (!validate || call.method === "HEAD") return;
      const header = response.headers["content-type"];
      const media = (Array.isArray(header) ? header[0] : header)?.split(";")[0]?.trim().toLowerCase() ?? "";
      if (!isJson(media)) {
        mismatch(call, status, "/", "content-type", "is not JSON, the schema describes a JSON answer");
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(body.toString("utf8"));
      } catch {
        mismatch(call, status, "/", "json", "is not valid JSON");
        return;
      }
      if (validate(value)) return;
      const error = validate.errors?.[0];
      mismatch(
        call,
        status,
        error ? pointerOf(error) : "/",
        error?.keyword ?? "schema",
        error?.keyword === "required" ? "is required" : (error?.message ?? "is not valid"),
      );
    },
  };
}
