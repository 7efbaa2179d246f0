// An API's definition as an API project holds it: the fields of the publisher API's create and
// update bodies, taken from the API as the server shows it. Normalised (no nulls where the input
// takes none, lists in a fixed order), so a definition read back from the server after an import
// equals the one imported, and `diff` compares like with like.
import { backendJwtSchema, corsSchema } from "@portico/api-policies";

/** The API as `GET /apis/{id}` shows it (the fields a project uses). */
export interface ApiView {
  id: string;
  name: string;
  version: string;
  context: string;
  state: string;
  description: string | null;
  [field: string]: unknown;
}

/** Fields of the definition, in the order api.yaml lists them. */
export const DEFINITION_FIELDS = [
  "name",
  "version",
  "context",
  "description",
  "tags",
  "visibility",
  "visibleRoles",
  "transports",
  "endpoints",
  "isDefaultVersion",
  "cors",
  "backendJwt",
  "forwardAuthorization",
  "allowMethodOverride",
  "tiers",
  "keyManagers",
  "gatewayPolicies",
  "securitySchemes",
  "scopes",
  "resources",
] as const;
export type DefinitionField = (typeof DEFINITION_FIELDS)[number];
export type Definition = Partial<Record<DefinitionField, unknown>>;

/** Set when the API is created; a different value names another API. */
export const IDENTITY_FIELDS: readonly DefinitionField[] = ["name", "version", "context"];

function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

type Scope = { name: string; roles?: string[] };
type Resource = { method: string; path: string; scopes?: string[]; id?: string };

function sortScopes(scopes: unknown): unknown {
  if (!Array.isArray(scopes)) return scopes;
  return (scopes as Scope[])
    .map((s) => ({ ...s, roles: [...(s.roles ?? [])].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function sortResources(resources: unknown): unknown {
  if (!Array.isArray(resources)) return resources;
  return (resources as Resource[])
    .map(({ id: _id, ...r }) => ({
      ...r,
      method: r.method.toUpperCase(),
      scopes: [...(r.scopes ?? [])].sort(),
    }))
    .sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/**
 * Policy settings stored as the publisher left them get the defaults the gateway reads them with
 * (the gateway's own schemas), so `{enabled: false}` and the same with every default spelled out
 * are one definition.
 */
const POLICY_SCHEMAS: Partial<
  Record<DefinitionField, { safeParse(value: unknown): { success: boolean; data?: unknown } }>
> = { cors: corsSchema, backendJwt: backendJwtSchema };

const NAME_LISTS = new Set<DefinitionField>(["tags", "tiers", "keyManagers", "visibleRoles"]);

/** The definition in its normal form, whichever side it comes from. */
export function normalizeDefinition(input: Record<string, unknown>): Definition {
  const out: Definition = {};
  for (const field of DEFINITION_FIELDS) {
    if (input[field] === null || input[field] === undefined) continue;
    let value = withoutNulls(input[field]);
    if (field === "scopes") value = sortScopes(value);
    if (field === "resources") value = sortResources(value);
    if (NAME_LISTS.has(field) && Array.isArray(value)) value = [...(value as string[])].sort();
    const schema = POLICY_SCHEMAS[field];
    const parsed = schema?.safeParse(value);
    if (parsed?.success) value = parsed.data;
    out[field] = value;
  }
  return out;
}

/**
 * Whether `current` already is what `desired` asks for: equal values, except that an object's
 * keys the project leaves out are whatever the server has (its defaults, usually), and lists
 * match element by element (both sides are in their normal order).
 */
export function satisfies(desired: unknown, current: unknown): boolean {
  if (Array.isArray(desired))
    return (
      Array.isArray(current) &&
      desired.length === current.length &&
      desired.every((d, i) => satisfies(d, current[i]))
    );
  if (desired && typeof desired === "object") {
    if (!current || typeof current !== "object" || Array.isArray(current)) return false;
    return Object.entries(desired).every(([k, v]) => satisfies(v, (current as Record<string, unknown>)[k]));
  }
  return desired === current;
}

/**
 * The fields `desired` sets to something other than what `current` has. Fields the project
 * leaves out are not managed by it and never show as changes.
 */
export function changedFields(desired: Definition, current: Definition): DefinitionField[] {
  return DEFINITION_FIELDS.filter((field) => field in desired && !satisfies(desired[field], current[field]));
}

/** The API's lifecycle as the publisher API allows it: from state, by action, to state. */
const LIFECYCLE: Record<string, Record<string, string>> = {
  CREATED: { publish: "PUBLISHED" },
  PUBLISHED: { deprecate: "DEPRECATED", block: "BLOCKED" },
  DEPRECATED: { retire: "RETIRED", block: "BLOCKED" },
  BLOCKED: { unblock: "PUBLISHED" },
  RETIRED: {},
};
export const API_STATES = Object.keys(LIFECYCLE);

/** The shortest list of lifecycle actions from one state to another; null when there is none. */
export function lifecyclePath(from: string, to: string): string[] | null {
  const queue: Array<[string, string[]]> = [[from, []]];
  const seen = new Set([from]);
  while (queue.length) {
    const [state, actions] = queue.shift() as [string, string[]];
    if (state === to) return actions;
    for (const [action, next] of Object.entries(LIFECYCLE[state] ?? {})) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push([next, [...actions, action]]);
    }
  }
  return null;
}
