"use server";

import { updateTier } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const numberOrNull = (form: FormData, name: string) => (text(form, name) ? Number(text(form, name)) : null);

/** Saves every field of the tier's edit form (an emptied description or burst is cleared). */
export async function updateTierAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const unlimited = form.get("unlimited") === "on";
  const state = await formAction(
    async () =>
      updateTier(operationContext(await requireRole("admin")), id, {
        name: text(form, "name"),
        level: text(form, "level"),
        description: text(form, "description") || null,
        unlimited,
        ...(unlimited ? {} : { requestCount: numberOrNull(form, "requestCount") ?? undefined }),
        unitSeconds: numberOrNull(form, "unitSeconds") ?? 60,
        burst: numberOrNull(form, "burst"),
      }),
    "Tier saved.",
  );
  revalidatePath("/admin/tiers");
  return state;
}
