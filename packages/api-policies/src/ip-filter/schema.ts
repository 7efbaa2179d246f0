import { isIP } from "node:net";
import { z } from "zod";

/** An IPv4 or IPv6 address, or a CIDR block of either. */
export const addressOrBlock = z
  .string()
  .trim()
  .refine((entry) => {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return false;
    if (prefix === undefined) return true;
    const bits = Number(prefix);
    return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
  }, "an IP address or CIDR block, e.g. 203.0.113.0/24 or 2001:db8::/32");

export const ipFilterSchema = z
  .object({
    /** when not empty, only callers from these addresses and blocks get through */
    allow: z.array(addressOrBlock).max(100).default([]),
    /** callers from these are refused, even when also allowed */
    deny: z.array(addressOrBlock).max(100).default([]),
  })
  .strict()
  .refine((c) => c.allow.length + c.deny.length > 0, "list at least one address to allow or deny");
export type IpFilterConfig = z.output<typeof ipFilterSchema>;
