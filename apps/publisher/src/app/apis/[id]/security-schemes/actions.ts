"use server";

import { updateApiSecuritySchemes } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const checked = (form: FormData, name: string) => form.get(name) === "on";

/** The security schemes section as the operation takes it: every scheme, each one whole. */
function schemesInput(form: FormData) {
  const queryParameter = checked(form, "apiKey.queryAllowed") ? text(form, "apiKey.queryParameter") : "";
  return {
    oauth2: { enabled: checked(form, "oauth2.enabled"), dpop: text(form, "oauth2.dpop") || "optional" },
    apiKey: {
      enabled: checked(form, "apiKey.enabled"),
      header: text(form, "apiKey.header") || "apikey",
      // an empty name with the box ticked reaches the operation, which says what a name must be
      ...(checked(form, "apiKey.queryAllowed") ? { queryParameter } : {}),
      resources: form.getAll("apiKey.resources").map(String),
    },
    mutualTls: { enabled: checked(form, "mutualTls.enabled") },
    require: text(form, "require") || "any",
  };
}

/** Sets which credentials the gateway accepts for the API; the gateway applies it within seconds. */
export async function securitySchemesAction(
  apiId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(
    async () =>
      updateApiSecuritySchemes(
        operationContext(await requireRole("publisher", "admin")),
        apiId,
        schemesInput(form),
      ),
    "Security schemes saved.",
  );
  revalidatePath(`/apis/${apiId}`);
  // a rule about the whole set (at least one scheme) has no field of its own
  if (state.fields?.["(body)"]) {
    const { "(body)": whole, ...rest } = state.fields;
    return { ...state, fields: { ...rest, schemes: whole } };
  }
  return state;
}
