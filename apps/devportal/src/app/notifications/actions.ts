"use server";

import { markAllNotificationsRead } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireDeveloper } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

/** Marks every notification of the signed-in user read. */
export async function markAllReadAction(_prev: FormState, _form: FormData): Promise<FormState> {
  const state = await formAction(
    async () => markAllNotificationsRead(operationContext(await requireDeveloper())),
    "All read.",
  );
  revalidatePath("/", "layout");
  return state;
}
