// Readers for the schema's Json columns. Prisma types them `JsonValue`, so every caller used to
// cast (`row.tags as string[]`) or write its own guard. These check what is stored instead.

/** Anything with zod's `safeParse` (a zod schema), so this package needs no zod of its own. */
export interface JsonShape<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown };
}

/** A stored Json value that does not have the shape its column promises (a bug or a hand edit). */
export class StoredJsonError extends Error {
  readonly code = "STORED_JSON_INVALID";
  constructor(
    readonly column: string,
    cause: unknown,
  ) {
    super(`the stored ${column} does not have its expected shape`, { cause });
  }
}

/**
 * A Json column read through a schema; a stored value of another shape throws `StoredJsonError`
 * naming the column (never the value, which may be private).
 *
 * @example readJson("IdentityProvider.certificates", row.certificates, z.array(z.string()))
 */
export function readJson<T>(column: string, value: unknown, shape: JsonShape<T>): T {
  const result = shape.safeParse(value);
  if (!result.success) throw new StoredJsonError(column, result.error);
  return result.data;
}

/**
 * A Json column holding a list of strings (tags, roles, grant types, redirect URIs, ...): its
 * strings, and an empty list for anything else, so an odd row narrows rather than breaks a page.
 */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** A Json column holding an object (mappings, claims, details): its entries, `{}` for anything else. */
export function jsonObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
