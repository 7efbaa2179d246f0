"use server";

import {
  AppError,
  changeApiLifecycle,
  changeSubscriptionState,
  checkTextDepth,
  createApi,
  createApiVersion,
  deleteApi,
  getApi,
  importOpenApi,
  type ScopeConflict,
  updateApi,
} from "@portico/platform";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

async function ctx() {
  return operationContext(await requireRole("publisher", "admin"));
}

/** The API form sends its whole definition as JSON in one field (nesting limited like any JSON body). */
function definition(form: FormData): unknown {
  const text = String(form.get("definition") ?? "{}");
  checkTextDepth(text, "definition");
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

export async function createApiAction(_prev: FormState, form: FormData): Promise<FormState> {
  let id = "";
  const state = await formAction(async () => {
    id = (await createApi(await ctx(), definition(form))).id;
  });
  if (state.ok) redirect(`/apis/${id}`);
  return state;
}

export async function updateApiAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(() => ctx().then((c) => updateApi(c, id, definition(form))), "Saved.");
  revalidatePath(`/apis/${id}`);
  return state;
}

/** The import form's state: a refusal may list the document's scope names that are in use. */
export type ImportState = FormState & { conflicts?: ScopeConflict[] };

/**
 * The choices the form sends for scope names in use: `resolve <name>` is "reuse" or "rename",
 * `rename <name>` the new name.
 */
function scopeResolutions(form: FormData): Record<string, { reuse: true } | { renameTo: string }> {
  const chosen: Record<string, { reuse: true } | { renameTo: string }> = {};
  for (const name of form.getAll("conflict").map(String)) {
    const choice = form.get(`resolve ${name}`);
    if (choice === "reuse") chosen[name] = { reuse: true };
    else if (choice === "rename")
      chosen[name] = { renameTo: String(form.get(`rename ${name}`) ?? "").trim() };
  }
  return chosen;
}

export async function importOpenApiAction(_prev: ImportState, form: FormData): Promise<ImportState> {
  let id = "";
  let conflicts: ScopeConflict[] | undefined;
  const file = form.get("file");
  const pasted = String(form.get("document") ?? "");
  const document = file instanceof File && file.size > 0 ? await file.text() : pasted;
  const production = String(form.get("production") ?? "").trim();
  const state = await formAction(async () => {
    try {
      id = (
        await importOpenApi(await ctx(), {
          document,
          context: String(form.get("context") ?? ""),
          ...(production ? { endpoints: { production } } : {}),
          scopeResolutions: scopeResolutions(form),
        })
      ).id;
    } catch (e) {
      if (e instanceof AppError) conflicts = e.details?.conflicts as ScopeConflict[] | undefined;
      throw e;
    }
  });
  if (state.ok) redirect(`/apis/${id}`);
  return conflicts ? { ...state, conflicts } : state;
}

const lifecycleDone: Record<string, string> = {
  publish: "Published",
  deprecate: "Deprecated",
  retire: "Retired",
  block: "Blocked",
  unblock: "Unblocked",
};

export async function lifecycleAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const action = String(form.get("action"));
  const state = await formAction(
    () => ctx().then((c) => changeApiLifecycle(c, id, { action })),
    `${lifecycleDone[action] ?? "Done"}.`,
  );
  revalidatePath(`/apis/${id}`);
  return state;
}

export async function newVersionAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  let created = "";
  const state = await formAction(async () => {
    created = (await createApiVersion(await ctx(), id, { version: String(form.get("version") ?? "") })).id;
  });
  if (state.ok) redirect(`/apis/${created}`);
  return state;
}

export async function deleteApiAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  // the name typed in the confirmation is checked here too, not only in the browser
  let confirmed = true;
  let deleted = "";
  const state = await formAction(async () => {
    const c = await ctx();
    const api = await getApi(c, id);
    confirmed = String(form.get("confirmation") ?? "") === api.name;
    if (confirmed) await deleteApi(c, id);
    deleted = `${api.name} ${api.version}`;
  });
  if (!confirmed) return { ok: false, message: "Type the API's name exactly to delete it." };
  if (state.ok) redirect(`/?${new URLSearchParams({ deleted })}`);
  return state;
}

export async function subscriptionAction(
  apiId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(
    () =>
      ctx().then((c) =>
        changeSubscriptionState(c, String(form.get("subscriptionId")), {
          action: String(form.get("action")),
        }),
      ),
    String(form.get("action")) === "block" ? "Subscription blocked." : "Subscription unblocked.",
  );
  revalidatePath(`/apis/${apiId}`);
  return state;
}
