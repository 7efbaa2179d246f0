// Every update route of the REST APIs (and the portals' forms) is a partial update: it changes
// exactly the fields the body names and leaves the others as they are. zod's `.partial()` is not
// enough for that: under zod 4 an optional field with a `.default()` still takes its default when
// omitted, which silently reset every field a caller did not send. Update bodies are built here,
// without defaults, and operations write only the fields present.
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";

type WithoutDefault<S> = S extends z.ZodDefault<infer Inner> ? Inner : S;
type PartialShape<T extends z.ZodRawShape> = { [K in keyof T]: z.ZodOptional<WithoutDefault<T[K]>> };

function withoutDefault(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? withoutDefault(schema.unwrap() as z.ZodType) : schema;
}

/**
 * The strict body of a partial update over the given fields: each optional, none defaulted, so
 * an omitted field parses as absent (and an empty body as no change).
 */
export function partialUpdateInput<T extends z.ZodRawShape>(
  shape: T,
): z.ZodObject<PartialShape<T>, z.core.$strict> {
  const fields = Object.fromEntries(
    Object.entries(shape).map(([name, schema]) => [name, withoutDefault(schema as z.ZodType).optional()]),
  );
  return z.object(fields).strict() as unknown as z.ZodObject<PartialShape<T>, z.core.$strict>;
}

/**
 * Of the given fields, those whose value differs between two views of the object: what an
 * update's audit entry records (names only, never values, so no secret can reach the log).
 */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  fields: string[],
): string[] {
  return fields.filter((name) => !isDeepStrictEqual(before[name], after[name]));
}
