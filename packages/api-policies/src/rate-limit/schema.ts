import { z } from "zod";

/** What calls are counted by: the caller's address, a request header, or a claim of their token. */
export const rateLimitKey = z.union([
  z.literal("ip"),
  z.string().regex(/^header:[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "header:<name>"),
  z.string().regex(/^claim:[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, "claim:<name>"),
]);

export const rateLimitSchema = z
  .object({
    /** `ip`, `header:<name>` or `claim:<name>` */
    key: rateLimitKey.default("ip"),
    requestCount: z.number().int().min(1).max(1_000_000_000),
    unitSeconds: z.number().int().min(1).max(86_400).default(60),
  })
  .strict();
export type RateLimitConfig = z.output<typeof rateLimitSchema>;
