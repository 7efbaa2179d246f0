"use server";

import { createApplication } from "@portico/platform";
import { redirect } from "next/navigation";
import { requireDeveloper } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";
import { applicationInput } from "./application-input";

export async function createApplicationAction(_prev: FormState, form: FormData): Promise<FormState> {
  let id = "";
  const state = await formAction(async () => {
    const ctx = operationContext(await requireDeveloper());
    id = (await createApplication(ctx, applicationInput(form, { editing: false }))).id;
  });
  if (state.ok) redirect(`/applications/${id}`);
  return state;
}
