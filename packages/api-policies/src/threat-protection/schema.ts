import { z } from "zod";

export const threatProtectionSchema = z
  .object({
    /** deepest nesting of objects and arrays (JSON) or elements (XML) */
    maxDepth: z.number().int().min(1).max(100).default(20),
    /** most members in one JSON object, or attributes on one XML element */
    maxKeys: z.number().int().min(1).max(10_000).default(200),
    /** longest JSON string (or key), or XML text or attribute value, in characters */
    maxStringLength: z.number().int().min(1).max(1_048_576).default(10_000),
    /** most items in one JSON array, or children of one XML element */
    maxArrayLength: z.number().int().min(1).max(100_000).default(1_000),
  })
  .strict();
export type ThreatProtectionConfig = z.output<typeof threatProtectionSchema>;
