"use server";

import { updateSignupSetting } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

/** Enable or Disable on the "Developer self sign-up" card; same operation as PUT /api/admin/v1/signup. */
export async function signupSettingAction(_prev: FormState, form: FormData): Promise<FormState> {
  const enabled = form.get("enabled") === "true";
  const state = await formAction(
    async () => updateSignupSetting(operationContext(await requireRole("admin")), { enabled }),
    `Developer self sign-up ${enabled ? "enabled" : "disabled"}.`,
  );
  revalidatePath("/admin");
  return state;
}
