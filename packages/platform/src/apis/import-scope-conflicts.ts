import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { OperationContext } from "../context";
import { AppError, type FieldError } from "../errors";
import { scopeName } from "./api-schemas";

// Scope names are unique platform-wide, so an OpenAPI document often names a scope that already
// exists: a shared scope (apiId null), a scope of another version of the same API, or another
// API's own scope. The import does not guess: each such name needs the caller's choice, either
// reuse (the new API's resources require the existing scope, which it does not declare) or a new
// name. Reuse is offered only where the new API may require the scope anyway (write-api-definition
// accepts shared scopes and the scopes of its own context's versions); another owner's API scope
// is never reusable.

/** What the caller chose for one of the document's scope names: exactly one of the two. */
const resolution = z
  .object({ reuse: z.literal(true).optional(), renameTo: scopeName.optional() })
  .strict()
  .refine((r) => (r.reuse === undefined) !== (r.renameTo === undefined), {
    message: "either {reuse: true} or {renameTo: <a new scope name>}",
  })
  .transform(({ renameTo }): ScopeResolution => (renameTo === undefined ? { reuse: true } : { renameTo }));
type ScopeResolution = { reuse: true } | { renameTo: string };

/** `{ "<name in the document>": {reuse: true} | {renameTo: "<new name>"} }` */
export const scopeResolutionsInput = z.record(z.string().max(100), resolution).default({});
export type ScopeResolutions = z.infer<typeof scopeResolutionsInput>;

/** A scope name of the document that exists already, as the 409 lists it. */
export interface ScopeConflict {
  name: string;
  /** whether `{reuse: true}` is accepted for it */
  reusable: boolean;
  /** why it conflicts, in words for the form */
  reason: string;
  /** a free name to offer for renaming (checked when the answer was made) */
  suggestion: string;
}

interface DocumentScope {
  name: string;
  description?: string;
}

const reserved = (name: string) => name.startsWith("portico:") || name === "openid";

type ExistingScope = {
  name: string;
  apiId: string | null;
  api: { context: string; ownerId: string | null } | null;
};

function describe(existing: ExistingScope | undefined, name: string, reusable: boolean): string {
  if (reserved(name)) return "this name is reserved by the platform";
  if (reusable && existing?.apiId === null) return "a shared scope of this name exists";
  if (reusable) return "another version of this API declares this scope";
  return "another API uses this name";
}

/**
 * The document's scopes sorted by the caller's choices: those the new API declares (under their
 * new name where renamed), and the name each resource scope becomes. 409 (nothing stored) while
 * a name in use has no choice or a new name is taken too; 400 naming the field for a choice that
 * cannot apply.
 */
export async function resolveImportScopes(
  ctx: OperationContext,
  input: { scopes: DocumentScope[]; resolutions: ScopeResolutions; context: string },
): Promise<{
  declared: Array<DocumentScope & { documentName: string }>;
  nameOf: (documentName: string) => string;
}> {
  const { scopes, context } = input;
  // a Map, so a scope named like an Object property ("constructor") is no choice of the caller's
  const chosen = new Map(Object.entries(input.resolutions));
  const documentNames = new Set(scopes.map((s) => s.name));
  const invalid: FieldError[] = [];
  for (const name of chosen.keys()) {
    if (!documentNames.has(name))
      invalid.push({ field: `scopeResolutions.${name}`, message: `the document has no scope named ${name}` });
  }
  const renamed = [...chosen].flatMap(([name, r]) => ("renameTo" in r ? [[name, r.renameTo]] : []));
  const targets = renamed.map(([, to]) => to as string);
  const kept = scopes.map((s) => s.name).filter((n) => !chosen.has(n));
  for (const [name, to] of renamed) {
    if (kept.includes(to as string) || targets.filter((t) => t === to).length > 1)
      invalid.push({
        field: `scopeResolutions.${name}.renameTo`,
        message: `${to} is another scope of this import`,
      });
  }

  const rows: ExistingScope[] = await ctx.db.scope.findMany({
    where: { name: { in: [...documentNames, ...targets] } },
    select: { name: true, apiId: true, api: { select: { context: true, ownerId: true } } },
  });
  const existing = new Map(rows.map((r) => [r.name, r]));
  const reusable = (name: string) => {
    const row = existing.get(name);
    if (!row || reserved(name)) return false;
    if (row.apiId === null) return true;
    // a version of the caller's own API at this context (another owner's context is refused anyway)
    return row.api?.context === context && row.api.ownerId === ctx.actor.userId;
  };
  const inUse = (name: string) => existing.has(name) || reserved(name);

  const unresolved: string[] = [];
  const fields: FieldError[] = [];
  for (const { name } of scopes) {
    const choice = chosen.get(name);
    if (!choice) {
      if (inUse(name)) unresolved.push(name);
    } else if ("reuse" in choice) {
      if (!reusable(name))
        invalid.push({
          field: `scopeResolutions.${name}`,
          message: existing.has(name)
            ? `${name} belongs to another API and cannot be reused: rename it`
            : `there is no shared scope named ${name} to reuse`,
        });
    } else if (inUse(choice.renameTo)) {
      unresolved.push(name);
      fields.push({ field: `scopeResolutions.${name}.renameTo`, message: `${choice.renameTo} is taken too` });
    }
  }
  if (invalid.length) {
    throw new AppError("VALIDATION_FAILED", invalid.map((f) => `${f.field}: ${f.message}`).join("; "), {
      fields: invalid,
    });
  }
  if (unresolved.length) {
    const conflicts: ScopeConflict[] = [];
    for (const name of unresolved) {
      conflicts.push({
        name,
        reusable: reusable(name),
        reason: describe(existing.get(name), name, reusable(name)),
        suggestion: await freeName(ctx, name, context, [...targets, ...kept]),
      });
    }
    for (const c of conflicts)
      if (!fields.some((f) => f.field.startsWith(`scopeResolutions.${c.name}`)))
        fields.push({ field: `scopeResolutions.${c.name}`, message: c.reason });
    throw new AppError(
      "CONFLICT",
      `scope names already in use: ${unresolved.join(", ")}; choose for each to reuse it (where allowed) or rename it`,
      { conflicts, fields },
    );
  }

  const nameOf = (documentName: string) => {
    const choice = chosen.get(documentName);
    return choice && "renameTo" in choice ? choice.renameTo : documentName;
  };
  return {
    declared: scopes
      .filter((s) => {
        const choice = chosen.get(s.name);
        return !(choice && "reuse" in choice);
      })
      .map((s) => ({ ...s, name: nameOf(s.name), documentName: s.name })),
    nameOf,
  };
}

/**
 * A name to offer instead of a taken one: the context's first segment in front (`/weather` and
 * `orders:read` give `weather.orders:read`), numbered until no scope has it.
 */
async function freeName(ctx: OperationContext, name: string, context: string, avoid: string[]) {
  const prefix = (context.split("/").find(Boolean) ?? "api").toLowerCase();
  const base = scopeName.safeParse(`${prefix}.${name}`).success ? `${prefix}.${name}` : prefix;
  const candidates = [base, ...Array.from({ length: 20 }, (_, i) => `${base}-${i + 2}`)].map((c) =>
    c.slice(0, 100),
  );
  const taken = new Set(
    (await ctx.db.scope.findMany({ where: { name: { in: candidates } }, select: { name: true } })).map(
      (s) => s.name,
    ),
  );
  return candidates.find((c) => !taken.has(c) && !avoid.includes(c)) ?? `${base}-${randomUUID().slice(0, 8)}`;
}
