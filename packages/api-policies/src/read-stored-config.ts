import { z } from "zod";

/**
 * Reads a configuration stored before the current bounds (or edited by hand) with the schema the
 * platform validates with: the whole value when it is valid, otherwise each field that is valid
 * on its own and the schema's defaults for the rest. The gateway uses it so that one bad field
 * falls back to its default instead of failing the whole configuration snapshot.
 */
export function readStoredConfig<Schema extends z.ZodType>(
  schema: Schema,
  stored: unknown,
  fallback: z.input<Schema>,
): z.output<Schema> {
  const value = typeof stored === "string" ? parseJson(stored) : stored;
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data;
  const inner = unwrapObject(schema);
  if (inner && value && typeof value === "object" && !Array.isArray(value)) {
    const kept: Record<string, unknown> = { ...(fallback as object) };
    for (const [key, field] of Object.entries(inner.shape)) {
      const raw = (value as Record<string, unknown>)[key];
      if (raw !== undefined && (field as z.ZodType).safeParse(raw).success) kept[key] = raw;
    }
    const partial = schema.safeParse(kept);
    if (partial.success) return partial.data;
  }
  return schema.parse(fallback);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function unwrapObject(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType = schema;
  for (let i = 0; i < 5; i++) {
    if (current instanceof z.ZodObject) return current;
    if (current instanceof z.ZodDefault || current instanceof z.ZodOptional)
      current = current.unwrap() as z.ZodType;
    else return undefined;
  }
  return undefined;
}
