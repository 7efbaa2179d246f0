"use server";

import { updateApprovalSettings } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

/** Saves which requests wait for an approver (ticked boxes; APIs and tiers as repeated fields). */
export async function approvalSettingsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const on = (name: string) => form.get(name) === "on";
  const state = await formAction(
    async () =>
      updateApprovalSettings(operationContext(await requireRole("admin")), {
        subscriptionsForAllApis: on("subscriptionsForAllApis"),
        subscriptionApis: form.getAll("subscriptionApis").map(String),
        subscriptionTiers: form.getAll("subscriptionTiers").map(String),
        applicationCreation: on("applicationCreation"),
        applicationTierChange: on("applicationTierChange"),
        apiPublishing: on("apiPublishing"),
      }),
    "Saved.",
  );
  revalidatePath("/admin/approvals");
  return state;
}
