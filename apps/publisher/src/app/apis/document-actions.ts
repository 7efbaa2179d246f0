"use server";

import { createApiDocument, deleteApiDocument, updateApiDocument } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

async function ctx() {
  return operationContext(await requireRole("publisher", "admin"));
}

/** The form has one box for markdown and one for a URL; an empty box is not sent. */
function documentInput(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "");
  const content = text("content");
  const sourceUrl = text("sourceUrl").trim();
  return {
    name: text("name"),
    type: text("type") || "HOWTO",
    ...(content.trim() ? { content } : {}),
    ...(sourceUrl ? { sourceUrl } : {}),
  };
}

export async function createDocumentAction(
  apiId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(
    () => ctx().then((c) => createApiDocument(c, apiId, documentInput(form))),
    "Document added.",
  );
  revalidatePath(`/apis/${apiId}`);
  return state;
}

export async function updateDocumentAction(
  apiId: string,
  docId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const input = documentInput(form);
  // switching to a link clears the content and the other way round (the operation does it)
  const state = await formAction(
    () =>
      ctx().then((c) =>
        updateApiDocument(c, apiId, docId, {
          ...input,
          ...(input.content === undefined && input.sourceUrl === undefined ? { content: null } : {}),
        }),
      ),
    "Document saved.",
  );
  revalidatePath(`/apis/${apiId}`);
  return state;
}

export async function deleteDocumentAction(
  apiId: string,
  docId: string,
  _prev: FormState,
): Promise<FormState> {
  const state = await formAction(
    () => ctx().then((c) => deleteApiDocument(c, apiId, docId)),
    "Document deleted.",
  );
  revalidatePath(`/apis/${apiId}`);
  return state;
}
