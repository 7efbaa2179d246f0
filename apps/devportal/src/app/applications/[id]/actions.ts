"use server";

import {
  addSecret,
  deleteApplication,
  generateDpopBoundToken,
  generateKeys,
  generateToken,
  revokeApplicationTokens,
  revokeKeys,
  revokeSecret,
  unsubscribe,
  updateApplication,
  updateKeys,
} from "@portico/platform";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { readDpopKey } from "@/components/dpop-key";
import { requireDeveloper } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";
import { applicationInput } from "../application-input";

async function ctx() {
  return operationContext(await requireDeveloper());
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** An optional whole number field: empty is "not given"; anything else goes to the operation to judge. */
function optionalNumber(form: FormData, name: string): number | undefined {
  const value = text(form, name);
  return value === "" ? undefined : Number(value);
}

export async function updateApplicationAction(
  appId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(
    async () => updateApplication(await ctx(), appId, applicationInput(form, { editing: true })),
    "Saved.",
  );
  revalidatePath(`/applications/${appId}`);
  return state;
}

export async function deleteApplicationAction(appId: string, _prev: FormState): Promise<FormState> {
  const state = await formAction(async () => deleteApplication(await ctx(), appId));
  if (state.ok) redirect("/applications");
  return state;
}

/** The grant types, callback URLs and PKCE choice of a keys form. */
function keySettings(form: FormData) {
  return {
    grantTypes: form.getAll("grantTypes").map(String),
    callbackUrls: text(form, "callbackUrls")
      .split(/\r?\n/)
      .map((u) => u.trim())
      .filter(Boolean),
    pkceRequired: form.get("pkceRequired") === "on",
  };
}

/**
 * Everything done to one key type's keys, as one action so the panel shows the latest outcome
 * (and the latest one-time secret) in one place.
 */
export async function keysAction(
  appId: string,
  keyType: "PRODUCTION" | "SANDBOX",
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const intent = text(form, "intent");
  const state = await formAction(async () => {
    const c = await ctx();
    switch (intent) {
      case "generate":
        return generateKeys(c, appId, { keyType, ...keySettings(form) });
      case "update":
        return updateKeys(c, appId, keyType, keySettings(form));
      case "addSecret": {
        const grace = optionalNumber(form, "expireExistingInSeconds");
        return addSecret(c, appId, keyType, grace === undefined ? {} : { expireExistingInSeconds: grace });
      }
      case "revokeSecret":
        return revokeSecret(c, appId, keyType, text(form, "secretId"));
      case "revokeKeys":
        return revokeKeys(c, appId, keyType);
      default:
        return undefined;
    }
  }, successMessage[intent]);
  revalidatePath(`/applications/${appId}`);
  return state;
}

const successMessage: Record<string, string> = {
  generate: "Keys generated.",
  update: "Key settings saved.",
  addSecret: "Secret added.",
  revokeSecret: "Secret revoked.",
  revokeKeys: "Keys revoked, with every token issued to them.",
};

export async function unsubscribeAction(appId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => unsubscribe(await ctx(), text(form, "subscriptionId")));
  revalidatePath(`/applications/${appId}`);
  return state;
}

export async function generateTokenAction(
  appId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const request = {
    keyType: text(form, "keyType"),
    scopes: form.getAll("scopes").map(String),
    ...(text(form, "validityPeriod") ? { validityPeriod: optionalNumber(form, "validityPeriod") } : {}),
  };
  // A DPoP-bound token is bound to the thumbprint of the developer's public key (RFC 9449 10)
  const dpop = form.get("binding") === "dpop" ? readDpopKey(String(form.get("jwk") ?? "")) : null;
  if (dpop && "error" in dpop)
    return { ok: false, message: "Check the highlighted fields.", fields: { jwk: dpop.error } };
  const state = await formAction(async () =>
    dpop
      ? generateDpopBoundToken(await ctx(), appId, { ...request, jwk: dpop.jwk })
      : generateToken(await ctx(), appId, request),
  );
  revalidatePath(`/applications/${appId}`);
  return state;
}

/** Revokes one token (tokenId given) or all of the application's tokens. */
export async function revokeTokensAction(
  appId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const tokenId = text(form, "tokenId") || undefined;
  const state = await formAction(
    async () => revokeApplicationTokens(await ctx(), appId, tokenId),
    tokenId ? "Token revoked." : "All tokens revoked.",
  );
  revalidatePath(`/applications/${appId}`);
  return state;
}
