"use server";

import { createSharedScope, deleteSharedScope, updateSharedScope } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

async function ctx() {
  return operationContext(await requireRole("publisher", "admin"));
}

/** Ticked role checkboxes arrive as repeated `roles` fields. */
const rolesOf = (form: FormData) => form.getAll("roles").map(String);
const optional = (form: FormData, name: string) => String(form.get(name) ?? "").trim() || undefined;
const isPublic = (form: FormData) => form.get("public") === "on";

export async function createSharedScopeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    () =>
      ctx().then((c) =>
        createSharedScope(c, {
          name: String(form.get("name") ?? ""),
          description: optional(form, "description"),
          roles: rolesOf(form),
          public: isPublic(form),
        }),
      ),
    "Shared scope created.",
  );
  revalidatePath("/scopes");
  return state;
}

export async function updateSharedScopeAction(
  name: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(
    () =>
      ctx().then((c) =>
        updateSharedScope(c, name, {
          description: optional(form, "description") ?? "",
          roles: rolesOf(form),
          public: isPublic(form),
        }),
      ),
    "Saved.",
  );
  revalidatePath("/scopes");
  return state;
}

export async function deleteSharedScopeAction(name: string, _prev: FormState): Promise<FormState> {
  const state = await formAction(() => ctx().then((c) => deleteSharedScope(c, name)), "Deleted.");
  revalidatePath("/scopes");
  return state;
}
