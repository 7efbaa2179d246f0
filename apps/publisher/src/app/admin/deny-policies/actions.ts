"use server";

import { createDenyPolicy, deleteDenyPolicy, updateDenyPolicy } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** The form's `datetime-local` expiry is UTC (the field says so); empty means none. */
function expiry(form: FormData): string | null {
  const value = text(form, "expiresAt");
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return `${value}Z`;
  return value;
}

/** Every field of the rule form; an empty one is no condition (null). */
function ruleBody(form: FormData) {
  return {
    applicationId: text(form, "applicationId") || null,
    username: text(form, "username") || null,
    ipRange: text(form, "ipRange") || null,
    apiId: text(form, "apiId") || null,
    reason: text(form, "reason") || null,
    expiresAt: expiry(form),
  };
}

/** The create body leaves out what is empty: a new rule has no field to clear. */
const present = (body: Record<string, string | null>) =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null));

export async function createDenyPolicyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    async () => createDenyPolicy(operationContext(await requireRole("admin")), present(ruleBody(form))),
    "Deny policy created. Gateways apply it within seconds.",
  );
  revalidatePath("/admin/deny-policies");
  return state;
}

export async function updateDenyPolicyAction(
  id: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(
    async () => updateDenyPolicy(operationContext(await requireRole("admin")), id, ruleBody(form)),
    "Deny policy saved.",
  );
  revalidatePath("/admin/deny-policies");
  return state;
}

export async function deleteDenyPolicyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () =>
    deleteDenyPolicy(operationContext(await requireRole("admin")), text(form, "id")),
  );
  if (state.ok) redirect("/admin/deny-policies?removed=1");
  return state;
}
