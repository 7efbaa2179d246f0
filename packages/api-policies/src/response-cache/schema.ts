import { z } from "zod";

const MiB = 1024 * 1024;

export const responseCacheSchema = z
  .object({
    /** how long an answer is served from the cache; the backend's `max-age`/`s-maxage` may shorten it */
    ttlSeconds: z.number().int().min(1).max(86_400).default(60),
    /** request headers whose values are part of the key (besides method, path and query) */
    varyHeaders: z
      .array(
        z
          .string()
          .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "a header name")
          .transform((h) => h.toLowerCase()),
      )
      .max(10)
      .default([]),
    /** answers larger than this (body and headers) are passed on, never stored */
    maxEntryBytes: z
      .number()
      .int()
      .min(1)
      .max(8 * MiB)
      .default(MiB),
    /** what this attachment may hold in all; the least recently used answers go first */
    maxTotalBytes: z
      .number()
      .int()
      .min(1024)
      .max(256 * MiB)
      .default(16 * MiB),
    /**
     * Cache answers to calls that carry a credential (token, API key, client certificate). Each
     * application (and end user) then has entries of its own: no caller gets another's answer.
     */
    cacheAuthenticated: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.maxEntryBytes <= c.maxTotalBytes, {
    path: ["maxEntryBytes"],
    message: "must not be larger than maxTotalBytes",
  });
export type ResponseCacheConfig = z.output<typeof responseCacheSchema>;
