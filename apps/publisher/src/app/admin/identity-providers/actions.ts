"use server";

import {
  createIdentityProvider,
  deleteIdentityProvider,
  linkFederatedIdentity,
  setUserNtHash,
  unlinkFederatedIdentity,
  updateIdentityProvider,
} from "@portico/platform";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";
import { providerBodyOf } from "./_parts/provider-body";

const LIST = "/admin/identity-providers";

/** An admin's context (its master keyring is there for operations that store secrets: keytab, NT hash). */
async function ctx() {
  return operationContext(await requireRole("admin"));
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

export async function createIdentityProviderAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    await createIdentityProvider(await ctx(), providerBodyOf(form));
  }, "Identity provider added.");
  if (!state.ok) return state;
  revalidatePath(LIST);
  redirect(LIST);
}

export async function updateIdentityProviderAction(
  id: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(async () => {
    await updateIdentityProvider(await ctx(), id, providerBodyOf(form, { editing: true }));
  }, "Identity provider saved.");
  if (!state.ok) return state;
  revalidatePath(LIST);
  redirect(LIST);
}

/** Enable, disable or delete one provider from the list. */
export async function identityProviderStateAction(_prev: FormState, form: FormData): Promise<FormState> {
  const id = text(form, "id");
  const op = text(form, "op");
  const state = await formAction(
    async () => {
      const c = await ctx();
      if (op === "delete") await deleteIdentityProvider(c, id);
      // an update is partial: only the switch changes
      else await updateIdentityProvider(c, id, { enabled: op === "enable" });
    },
    op === "delete" ? "Identity provider deleted." : `Identity provider ${op}d.`,
  );
  revalidatePath(LIST);
  return state;
}

/** Sets a user's NT hash from their Windows password or a hex hash; the value is never echoed. */
export async function setNtHashAction(_prev: FormState, form: FormData): Promise<FormState> {
  const body =
    text(form, "from") === "hash"
      ? { ntHash: text(form, "ntHash") }
      : { password: String(form.get("password") ?? "") };
  const state = await formAction(async () => {
    await setUserNtHash(await ctx(), text(form, "userId"), body);
  }, "NT hash stored.");
  revalidatePath(LIST);
  return state;
}

/** Links an identity of a provider (its subject) to a Portico user: the only way one acts as a local account. */
export async function linkIdentityAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    await linkFederatedIdentity(await ctx(), text(form, "providerId"), {
      subject: text(form, "subject"),
      userId: text(form, "userId"),
    });
  }, "Identity linked.");
  revalidatePath(LIST);
  return state;
}

export async function unlinkIdentityAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    await unlinkFederatedIdentity(await ctx(), text(form, "providerId"), text(form, "identityId"));
  }, "Identity unlinked.");
  revalidatePath(LIST);
  return state;
}
