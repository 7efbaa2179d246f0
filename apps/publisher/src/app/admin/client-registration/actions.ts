"use server";

import {
  issueInitialAccessToken,
  revokeInitialAccessToken,
  updateClientRegistrationPolicy,
} from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const list = (form: FormData, name: string) =>
  text(form, name)
    .split(/[\s,]+/)
    .filter(Boolean);

/** The registration policy form; same operation as PUT /api/admin/v1/client-registration. */
export async function clientRegistrationPolicyAction(_prev: FormState, form: FormData): Promise<FormState> {
  const jwks = text(form, "softwareStatementJwks");
  const state = await formAction(async () => {
    let parsedJwks: unknown = null;
    if (jwks) {
      try {
        parsedJwks = JSON.parse(jwks);
      } catch {
        parsedJwks = jwks;
      }
    }
    return updateClientRegistrationPolicy(operationContext(await requireRole("admin")), {
      enabled: form.get("enabled") === "on",
      requireInitialAccessToken: form.get("requireInitialAccessToken") === "on",
      requireSoftwareStatement: form.get("requireSoftwareStatement") === "on",
      softwareStatementJwks: parsedJwks,
      softwareStatementIssuer: text(form, "softwareStatementIssuer") || null,
      grantTypes: form.getAll("grantTypes").map(String),
      tokenEndpointAuthMethods: form.getAll("tokenEndpointAuthMethods").map(String),
      redirectUriHosts: list(form, "redirectUriHosts"),
    });
  }, "Client registration settings saved.");
  revalidatePath("/admin/client-registration");
  return state;
}

/** Issues an initial access token (shown once); same operation as the admin REST POST. */
export async function issueInitialAccessTokenAction(_prev: FormState, form: FormData): Promise<FormState> {
  const days = Number(text(form, "expiresInDays") || "1");
  const uses = text(form, "maxUses");
  const state = await formAction(async () =>
    issueInitialAccessToken(operationContext(await requireRole("admin")), {
      ...(text(form, "description") ? { description: text(form, "description") } : {}),
      expiresInSeconds: Math.round(days * 86400),
      maxUses: uses === "" ? null : Number(uses),
    }),
  );
  revalidatePath("/admin/client-registration");
  return state;
}

export async function revokeInitialAccessTokenAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    async () => revokeInitialAccessToken(operationContext(await requireRole("admin")), text(form, "id")),
    "Initial access token revoked.",
  );
  revalidatePath("/admin/client-registration");
  return state;
}
