// The one JSON depth limit of the portals and their REST APIs. Parsers and validators downstream
// (zod, the OpenAPI parser, YAML, Prisma's JSON columns) recurse, so a body nested 10,000 levels
// deep used to overflow the stack; it is refused here first. Every JSON body, every JSON or YAML
// document and every JSON form field passes through these functions.
import { AppError } from "./errors";

/** Deepest nesting of arrays and objects accepted in any JSON value a caller sends. */
export const MAX_JSON_DEPTH = 64;

function tooDeep(field: string): AppError {
  return new AppError("VALIDATION_FAILED", `${field} is nested deeper than ${MAX_JSON_DEPTH} levels`, {
    fields: [{ field, message: `more than ${MAX_JSON_DEPTH} levels of nesting` }],
  });
}

/**
 * The deepest bracket nesting in JSON (or YAML flow) text, ignoring brackets inside double-quoted
 * strings; counts without recursion, before any parser sees the text.
 */
export function textNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if ((c === 93 /* ] */ || c === 125) /* } */ && depth > 0) depth--;
  }
  return deepest;
}

/** The nesting depth of a parsed value (a scalar is 0), counted without recursion; stops past `limit`. */
export function valueNestingDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) stack.push([child, level]);
  }
  return deepest;
}

/** Refuses a text document nested deeper than the limit (400 VALIDATION_FAILED). */
export function checkTextDepth(text: string, field = "(body)"): void {
  if (textNestingDepth(text) > MAX_JSON_DEPTH) throw tooDeep(field);
}

/** Refuses a parsed value nested deeper than the limit (400 VALIDATION_FAILED). */
export function checkValueDepth(value: unknown, field = "(body)"): void {
  if (valueNestingDepth(value) > MAX_JSON_DEPTH) throw tooDeep(field);
}

/** JSON.parse for anything a caller sent: depth checked first, malformed text a 400. */
export function parseCallerJson(text: string, field = "(body)"): unknown {
  checkTextDepth(text, field);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError(
      "VALIDATION_FAILED",
      `${field === "(body)" ? "the request body" : field} is not valid JSON`,
    );
  }
}
