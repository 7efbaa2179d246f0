import { isIP } from "node:net";
import type { DenyPolicy } from "@portico/db";
import { z } from "zod";
import type { OperationContext } from "../../context";
import { AppError, type FieldError } from "../../errors";

/** The conditions a rule can hold; a call is refused when it matches every one that is set. */
export const DENY_CONDITIONS = ["applicationId", "username", "ipRange", "apiId"] as const;

/** An IPv4 or IPv6 address, or a CIDR block of either (`203.0.113.0/24`, `2001:db8::/32`). */
const ipRange = z
  .string()
  .trim()
  .max(64)
  .refine((entry) => {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    if (family === 0 || extra !== undefined) return false;
    if (prefix === undefined) return true;
    return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  }, "an IP address or CIDR block, e.g. 203.0.113.0/24 or 2001:db8::/32");

const id = z.string().trim().min(1).max(100);

/** The fields an admin sets, at creation and (each optional, null clearing) in partial updates. */
export const denyPolicyFields = {
  applicationId: id.optional(),
  username: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^\s]+$/, "a username or subject, without spaces")
    .optional(),
  ipRange: ipRange.optional(),
  apiId: id.optional(),
  reason: z.string().trim().max(500).optional(),
  /** ISO 8601 with an offset; the rule stops blocking then */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
};

/** A deny policy as the admin API and page show it. */
export const denyPolicyView = z.object({
  id: z.string(),
  applicationId: z.string().nullable(),
  username: z.string().nullable(),
  ipRange: z.string().nullable(),
  apiId: z.string().nullable(),
  reason: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** true once `expiresAt` has passed: the rule is kept but no longer blocks */
  expired: z.boolean(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type DenyPolicyView = z.infer<typeof denyPolicyView>;

export function toDenyPolicyView(row: DenyPolicy, now: Date): DenyPolicyView {
  return denyPolicyView.parse({
    id: row.id,
    applicationId: row.applicationId,
    username: row.username,
    ipRange: row.ipRange,
    apiId: row.apiId,
    reason: row.reason,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime(),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  });
}

/** The rule's conditions in words, for audit entries and confirmations ("application X, 10.0.0.0/8"). */
export function describeDenyPolicy(row: Pick<DenyPolicy, (typeof DENY_CONDITIONS)[number]>): string {
  const parts = [
    row.applicationId && `application ${row.applicationId}`,
    row.username && `user ${row.username}`,
    row.ipRange && `addresses ${row.ipRange}`,
    row.apiId && `API ${row.apiId}`,
  ].filter(Boolean);
  return `deny ${parts.join(", ")}`;
}

function refuse(fields: FieldError[]): never {
  throw new AppError("VALIDATION_FAILED", fields.map((f) => `${f.field}: ${f.message}`).join("; "), {
    fields,
  });
}

/**
 * 400 naming the field unless the rule, as it will be stored, has a condition, names an API and
 * application that exist, and expires (when it does) after now.
 */
export async function checkDenyPolicy(
  ctx: OperationContext,
  rule: {
    applicationId: string | null;
    username: string | null;
    ipRange: string | null;
    apiId: string | null;
    expiresAt: Date | null;
  },
  changed: { expiresAt: boolean },
): Promise<void> {
  const problems: FieldError[] = [];
  if (DENY_CONDITIONS.every((c) => rule[c] === null))
    refuse([{ field: "conditions", message: "set at least one of application, user, IP range or API" }]);
  if (rule.apiId && !(await ctx.db.api.findUnique({ where: { id: rule.apiId }, select: { id: true } })))
    problems.push({ field: "apiId", message: "no API has this id" });
  if (
    rule.applicationId &&
    !(await ctx.db.application.findUnique({ where: { id: rule.applicationId }, select: { id: true } }))
  )
    problems.push({ field: "applicationId", message: "no application has this id" });
  if (changed.expiresAt && rule.expiresAt && rule.expiresAt.getTime() <= ctx.now().getTime())
    problems.push({ field: "expiresAt", message: "must be in the future" });
  if (problems.length > 0) refuse(problems);
}
