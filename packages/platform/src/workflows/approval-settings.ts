// Which requests wait for an approver: PlatformSetting `workflows.approvals` (a JSON object).
// Subscriptions need approval when their API is listed, their tier is listed, or all do.
import type { Db } from "@portico/db";
import { readJson } from "@portico/db";
import { z } from "zod";
import { audit } from "../audit";
import { RestScope, requireScope } from "../auth/principal";
import type { OperationContext } from "../context";
import { AppError, parseInput } from "../errors";
import { changedFields, partialUpdateInput } from "../update-input";

export const APPROVAL_SETTING = "workflows.approvals";

const approvalFields = {
  /** every new subscription waits for the API's owner */
  subscriptionsForAllApis: z.boolean().default(false),
  /** ids of APIs whose new subscriptions wait for the API's owner */
  subscriptionApis: z.array(z.string().min(1).max(100)).max(500).default([]),
  /** names of subscription tiers whose new subscriptions wait for the API's owner */
  subscriptionTiers: z.array(z.string().min(1).max(100)).max(100).default([]),
  /** a new application stays PENDING until an admin approves it */
  applicationCreation: z.boolean().default(false),
  /** a change of an application's tier waits for an admin; the old tier applies meanwhile */
  applicationTierChange: z.boolean().default(false),
  /** publishing an API waits for an admin; it stays CREATED meanwhile */
  apiPublishing: z.boolean().default(false),
};
const storedShape = z.object(approvalFields);
export type ApprovalSettings = z.infer<typeof storedShape>;
export const updateApprovalSettingsInput = partialUpdateInput(approvalFields);

/** The approval settings as stored (all off when never set). */
export async function readApprovalSettings(db: Db): Promise<ApprovalSettings> {
  const row = await db.platformSetting.findUnique({ where: { key: APPROVAL_SETTING } });
  return readJson(`PlatformSetting.${APPROVAL_SETTING}`, row?.value ?? {}, storedShape);
}

/** Whether a new subscription to this API with this tier waits for approval. */
export async function subscriptionNeedsApproval(db: Db, apiId: string, tierName: string): Promise<boolean> {
  const s = await readApprovalSettings(db);
  return (
    s.subscriptionsForAllApis || s.subscriptionApis.includes(apiId) || s.subscriptionTiers.includes(tierName)
  );
}

export async function getApprovalSettings(ctx: OperationContext): Promise<ApprovalSettings> {
  requireScope(ctx.actor, RestScope.admin);
  return readApprovalSettings(ctx.db);
}

/** A partial update; listed APIs and tiers must exist (400 naming the field otherwise). */
export async function updateApprovalSettings(
  ctx: OperationContext,
  body: unknown,
): Promise<ApprovalSettings> {
  requireScope(ctx.actor, RestScope.admin);
  const data = parseInput(updateApprovalSettingsInput, body);
  const fields = [];
  if (data.subscriptionApis?.length) {
    const ids = [...new Set(data.subscriptionApis)];
    const found = await ctx.db.api.findMany({ where: { id: { in: ids } }, select: { id: true } });
    const missing = ids.filter((id) => !found.some((a) => a.id === id));
    if (missing.length)
      fields.push({ field: "subscriptionApis", message: `no API with id ${missing.join(", ")}` });
    data.subscriptionApis = ids;
  }
  if (data.subscriptionTiers?.length) {
    const names = [...new Set(data.subscriptionTiers)];
    const found = await ctx.db.throttlingTier.findMany({
      where: { level: "SUBSCRIPTION", name: { in: names } },
      select: { name: true },
    });
    const missing = names.filter((n) => !found.some((t) => t.name === n));
    if (missing.length)
      fields.push({
        field: "subscriptionTiers",
        message: `no subscription tier named ${missing.join(", ")}`,
      });
    data.subscriptionTiers = names;
  }
  if (fields.length)
    throw new AppError("VALIDATION_FAILED", fields.map((f) => `${f.field}: ${f.message}`).join("; "), {
      fields,
    });
  const before = await readApprovalSettings(ctx.db);
  const after: ApprovalSettings = storedShape.parse({ ...before, ...stripUndefined(data) });
  await ctx.db.platformSetting.upsert({
    where: { key: APPROVAL_SETTING },
    create: { key: APPROVAL_SETTING, value: after },
    update: { value: after },
  });
  await audit(
    ctx.db,
    ctx.actor,
    "approvals.settings.update",
    { type: "settings", id: APPROVAL_SETTING },
    { fields: changedFields(before, after, Object.keys(approvalFields)) },
  );
  return after;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
