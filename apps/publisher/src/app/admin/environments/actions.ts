"use server";

import {
  createGatewayEnvironment,
  deleteGatewayEnvironment,
  updateDeploymentSettings,
} from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** "New environment"; same operation as POST /api/admin/v1/environments. */
export async function createEnvironmentAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    async () =>
      createGatewayEnvironment(operationContext(await requireRole("admin")), {
        name: text(form, "name"),
        displayName: text(form, "displayName"),
        ...(text(form, "description") ? { description: text(form, "description") } : {}),
        httpsUrl: text(form, "httpsUrl"),
        ...(text(form, "httpUrl") ? { httpUrl: text(form, "httpUrl") } : {}),
      }),
    "Environment created.",
  );
  revalidatePath("/admin/environments");
  return state;
}

export async function deleteEnvironmentAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    async () => deleteGatewayEnvironment(operationContext(await requireRole("admin")), text(form, "name")),
    "Environment deleted.",
  );
  revalidatePath("/admin/environments");
  return state;
}

export async function deploymentSettingsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const autoDeployOnPublish = form.get("autoDeployOnPublish") === "true";
  const state = await formAction(
    async () =>
      updateDeploymentSettings(operationContext(await requireRole("admin")), { autoDeployOnPublish }),
    autoDeployOnPublish ? "Publishing deploys to default." : "Publishing no longer deploys.",
  );
  revalidatePath("/admin/environments");
  return state;
}
