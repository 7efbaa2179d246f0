"use server";

import { addKeyManagerByIssuer } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { masterKeyring } from "@/server/keyring";
import { type FormState, formAction, operationContext } from "@/server/operations";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const optional = (form: FormData, name: string) => (text(form, name) ? { [name]: text(form, name) } : {});

/** "Add by issuer URL"; same operation as POST /api/admin/v1/key-managers/by-issuer. */
export async function addKeyManagerByIssuerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    async () =>
      addKeyManagerByIssuer(
        { ...operationContext(await requireRole("admin")), keyring: masterKeyring() },
        {
          name: text(form, "name"),
          issuer: text(form, "issuer"),
          tokenValidation: text(form, "tokenValidation") || "JWKS",
          offersRegistration: form.get("offersRegistration") === "on",
          ...optional(form, "clientId"),
          ...optional(form, "clientSecret"),
          ...optional(form, "registrationToken"),
          claimMappings: {
            ...(text(form, "clientIdClaim") ? { client_id: text(form, "clientIdClaim") } : {}),
            ...(text(form, "scopeClaim") ? { scope: text(form, "scopeClaim") } : {}),
          },
        },
      ),
    "Key manager added.",
  );
  revalidatePath("/admin/key-managers");
  return state;
}
