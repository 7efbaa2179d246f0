"use server";

import { generateExternalToken, linkExternalKeys, registerExternalKeys } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireDeveloper } from "@/server/auth";
import { masterKeyring } from "@/server/keyring";
import { type FormState, formAction, operationContext } from "@/server/operations";

async function ctx() {
  return { ...operationContext(await requireDeveloper()), keyring: masterKeyring() };
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const lines = (form: FormData, name: string) =>
  text(form, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Keys at an external key manager: registered there, linked, or a token from there; one action so the panel shows the latest outcome. */
export async function externalKeysAction(
  appId: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const intent = text(form, "intent");
  const keyType = text(form, "keyType");
  const state = await formAction(
    async () => {
      const c = await ctx();
      switch (intent) {
        case "register":
          return registerExternalKeys(c, appId, {
            keyManager: text(form, "keyManager"),
            keyType,
            grantTypes: form.getAll("grantTypes").map(String),
            callbackUrls: lines(form, "callbackUrls"),
          });
        case "link":
          return linkExternalKeys(c, appId, {
            keyManager: text(form, "keyManager"),
            keyType,
            clientId: text(form, "clientId"),
            accessToken: text(form, "accessToken"),
          });
        case "token":
          return generateExternalToken(c, appId, keyType, {
            consumerSecret: text(form, "consumerSecret"),
            scopes: text(form, "scopes").split(/\s+/).filter(Boolean),
          });
        default:
          return undefined;
      }
    },
    {
      register: "Keys created at the key manager.",
      link: "Client linked.",
      token: "Token issued.",
    }[intent],
  );
  revalidatePath(`/applications/${appId}`);
  return state;
}
