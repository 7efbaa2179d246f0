"use server";

import { generateApiKey, revokeApiKey } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireDeveloper } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** One entry per line; blank lines are not entries. */
const lines = (form: FormData, name: string) =>
  text(form, name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The operation names a bad list entry by its index (`allowedIps.2`); the form has one box per
 * list, so the message goes under that box and names the line.
 */
function fieldsByBox(state: FormState): FormState {
  if (!state.fields) return state;
  const fields: Record<string, string> = {};
  for (const [field, message] of Object.entries(state.fields)) {
    const [box = field, index] = field.split(".");
    const text =
      index !== undefined && /^\d+$/.test(index) ? `line ${Number(index) + 1}: ${message}` : message;
    fields[box] = fields[box] ? `${fields[box]}; ${text}` : text;
  }
  return { ...state, fields };
}

/** Generates an API key; the key itself is in the result this once, and never again. */
export async function generateApiKeyAction(
  appId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const days = text(form, "expiresInDays");
  if (days !== "" && !/^\d+$/.test(days))
    return {
      ok: false,
      message: "Check the highlighted fields.",
      fields: { expiresInDays: "a whole number of days, or empty for a key that does not expire" },
    };
  const state = await formAction(
    async () =>
      generateApiKey(operationContext(await requireDeveloper()), appId, {
        name: text(form, "name"),
        keyType: text(form, "keyType") || "PRODUCTION",
        ...(days === "" ? {} : { expiresInDays: Number(days) }),
        allowedIps: lines(form, "allowedIps"),
        allowedReferrers: lines(form, "allowedReferrers"),
      }),
    "API key generated.",
  );
  revalidatePath(`/applications/${appId}`);
  return fieldsByBox(state);
}

/** Revokes one API key; the gateway refuses it within seconds. */
export async function revokeApiKeyAction(
  appId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(
    async () => revokeApiKey(operationContext(await requireDeveloper()), appId, text(form, "apiKeyId")),
    "API key revoked.",
  );
  revalidatePath(`/applications/${appId}`);
  return state;
}
