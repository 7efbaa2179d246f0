import { isIP } from "node:net";
import { z } from "zod";

/** An address or CIDR block (`203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`). */
const addressOrBlock = z
  .string()
  .max(64)
  .refine((value) => {
    const [address = "", prefix, extra] = value.split("/");
    if (extra !== undefined) return false;
    const family = isIP(address);
    if (family === 0) return false;
    if (prefix === undefined) return true;
    const bits = Number(prefix);
    return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
  }, "an IP address or CIDR block");

/** `https://app.example.com/*`: an absolute http(s) URL pattern; `*` is the only wildcard. */
const referrerPattern = z
  .string()
  .max(512)
  .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, "an http(s) URL pattern such as https://app.example.com/*");

export const generateApiKeyInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    keyType: z.enum(["PRODUCTION", "SANDBOX"]).default("PRODUCTION"),
    /** omitted: the key does not expire */
    expiresInDays: z.number().int().min(1).max(3650).optional(),
    allowedIps: z.array(addressOrBlock).max(50).default([]),
    allowedReferrers: z.array(referrerPattern).max(50).default([]),
  })
  .strict();

export interface ApiKeyRow {
  id: string;
  name: string;
  keyType: string;
  hint: string;
  allowedIps: unknown;
  allowedReferrers: unknown;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

/** What lists show of a key: never the key, only its last four characters. */
export function toApiKeyView(row: ApiKeyRow, now: number) {
  return {
    id: row.id,
    name: row.name,
    keyType: row.keyType,
    hint: `…${row.hint}`,
    allowedIps: row.allowedIps as string[],
    allowedReferrers: row.allowedReferrers as string[],
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    expired: Boolean(row.expiresAt && row.expiresAt.getTime() <= now),
  };
}
