"use server";

import { registerCertificate, removeCertificate } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireDeveloper } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

/** Registers or removes one of the application's client certificates; one action so the section shows the latest outcome. */
export async function certificatesAction(
  appId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const intent = String(form.get("intent") ?? "");
  const state = await formAction(
    async () => {
      const ctx = operationContext(await requireDeveloper());
      if (intent === "remove") return removeCertificate(ctx, appId, String(form.get("certificateId") ?? ""));
      return registerCertificate(ctx, appId, { pem: String(form.get("pem") ?? "") });
    },
    intent === "remove" ? "Certificate removed." : "Certificate registered.",
  );
  revalidatePath(`/applications/${appId}`);
  return state;
}
