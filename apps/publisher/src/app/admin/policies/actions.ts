"use server";

import {
  AppError,
  attachPolicy,
  createPolicy,
  createPolicyVersion,
  deletePolicy,
  detachPolicy,
  evaluatePolicy,
  updatePolicy,
  updatePolicyAttachment,
} from "@portico/platform";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { adminContext } from "./_parts/context";
import type { PolicyErrorLocation, PolicyFormState, TryItResult, TryItState } from "./_parts/form-state";

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
/** The document exactly as typed: whitespace is part of what the admin wrote (and of line numbers). */
const documentText = (form: FormData) => String(form.get("content") ?? "");

/** Turns an AppError into a form state: the message, one error per field, the policy's error location. */
function failure(error: unknown): PolicyFormState {
  if (!(error instanceof AppError)) throw error;
  const fields = Object.fromEntries((error.details?.fields ?? []).map((f) => [f.field, f.message]));
  const location = error.details?.policyError as PolicyErrorLocation | undefined;
  return { ok: false, message: error.message, fields, ...(location ? { policyError: location } : {}) };
}

async function run(
  work: () => Promise<unknown>,
  success: string,
  ...paths: string[]
): Promise<PolicyFormState> {
  try {
    await work();
  } catch (error) {
    return failure(error);
  }
  for (const path of paths) revalidatePath(path);
  return { ok: true, message: success };
}

/** Uploads a policy; on success the admin lands on its page. */
export async function createPolicyAction(_prev: PolicyFormState, form: FormData): Promise<PolicyFormState> {
  let id: string;
  try {
    const created = await createPolicy(await adminContext(), {
      name: text(form, "name") || undefined,
      description: text(form, "description") || undefined,
      content: documentText(form),
      enabled: form.get("enabled") === "on",
    });
    id = created.id;
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/admin/policies");
  redirect(`/admin/policies/${id}`);
}

/** Edits a policy: the document becomes a new, current version. */
export async function newVersionAction(
  policyId: string,
  _prev: PolicyFormState,
  form: FormData,
): Promise<PolicyFormState> {
  try {
    await createPolicyVersion(await adminContext(), policyId, { content: documentText(form) });
  } catch (error) {
    return failure(error);
  }
  revalidatePath(`/admin/policies/${policyId}`);
  revalidatePath("/admin/policies");
  redirect(`/admin/policies/${policyId}`);
}

/** Enable, disable, roll back to a version, or change the name and description. */
export async function updatePolicyAction(
  policyId: string,
  _prev: PolicyFormState,
  form: FormData,
): Promise<PolicyFormState> {
  const op = text(form, "op");
  const body =
    op === "enable"
      ? { enabled: true }
      : op === "disable"
        ? { enabled: false }
        : op === "rollback"
          ? { currentVersion: Number(text(form, "version")) }
          : { name: text(form, "name"), description: text(form, "description") || null };
  const done =
    {
      enable: "Policy enabled.",
      disable: "Policy disabled.",
      rollback: `Version ${text(form, "version")} is now current.`,
    }[op] ?? "Saved.";
  return run(
    async () => updatePolicy(await adminContext(), policyId, body),
    done,
    `/admin/policies/${policyId}`,
    ...(op === "rollback" ? [`/admin/policies/${policyId}/versions/${text(form, "version")}`] : []),
    "/admin/policies",
  );
}

export async function deletePolicyAction(
  policyId: string,
  _prev: PolicyFormState,
  _form: FormData,
): Promise<PolicyFormState> {
  try {
    await deletePolicy(await adminContext(), policyId);
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/admin/policies");
  redirect("/admin/policies");
}

/** The target select's value: `api:<apiId>` or `res:<apiId>:<resourceId>`. */
function readTarget(value: string): { apiId?: string; resourceId?: string } {
  const [kind, apiId, resourceId] = value.split(":");
  if (kind === "api" && apiId) return { apiId };
  if (kind === "res" && apiId && resourceId) return { apiId, resourceId };
  return {};
}

export async function attachPolicyAction(
  policyId: string,
  _prev: PolicyFormState,
  form: FormData,
): Promise<PolicyFormState> {
  return run(
    async () =>
      attachPolicy(await adminContext(), policyId, {
        ...readTarget(text(form, "target")),
        onNotApplicable: text(form, "onNotApplicable") || "deny",
      }),
    "Attached: the gateway enforces the policy there from its next configuration reload.",
    `/admin/policies/${policyId}`,
    "/admin/policies",
  );
}

/** Detach, or change what the gateway does on NotApplicable. */
export async function attachmentAction(
  policyId: string,
  _prev: PolicyFormState,
  form: FormData,
): Promise<PolicyFormState> {
  const attachmentId = text(form, "attachmentId");
  const op = text(form, "op");
  return run(
    async () => {
      const ctx = await adminContext();
      if (op === "detach") await detachPolicy(ctx, policyId, attachmentId);
      else
        await updatePolicyAttachment(ctx, policyId, attachmentId, {
          onNotApplicable: op === "permit" ? "permit" : "deny",
        });
    },
    op === "detach" ? "Detached." : "Saved.",
    `/admin/policies/${policyId}`,
    "/admin/policies",
  );
}

const list = (value: string, separator: RegExp) =>
  value
    .split(separator)
    .map((v) => v.trim())
    .filter(Boolean);

/** A datetime-local value has no zone: it is read as UTC, like the gateway's clock. */
function asUtc(value: string): string {
  const date = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/** "Try it": the request as the gateway would build it, decided by the chosen version. */
export async function tryItAction(policyId: string, _prev: TryItState, form: FormData): Promise<TryItState> {
  const target = text(form, "target");
  const [kind, id] = target.split(":");
  const attributes = [0, 1, 2]
    .map((i) => ({
      category: text(form, `attr${i}.category`),
      attributeId: text(form, `attr${i}.id`),
      value: text(form, `attr${i}.value`),
    }))
    .filter((a) => a.attributeId !== "");
  const time = text(form, "time");
  const body = {
    ...(text(form, "version") ? { version: Number(text(form, "version")) } : {}),
    ...(text(form, "subjectId") ? { subjectId: text(form, "subjectId") } : {}),
    roles: list(text(form, "roles"), /[,\s]+/),
    scopes: list(text(form, "scopes"), /\s+/),
    ...(text(form, "clientId") ? { clientId: text(form, "clientId") } : {}),
    ...(text(form, "applicationId") ? { applicationId: text(form, "applicationId") } : {}),
    ...(text(form, "keyType") ? { keyType: text(form, "keyType") } : {}),
    ...(text(form, "ipAddress") ? { ipAddress: text(form, "ipAddress") } : {}),
    ...(kind === "api" && id ? { apiId: id } : {}),
    ...(kind === "res" && id ? { resourceId: id } : {}),
    ...(text(form, "method") ? { method: text(form, "method") } : {}),
    ...(text(form, "path") ? { path: text(form, "path") } : {}),
    ...(time ? { time: asUtc(time) } : {}),
    attributes: attributes.map((a) => ({ ...a, category: a.category || "subject" })),
  };
  try {
    const result = await evaluatePolicy(await adminContext(), policyId, body);
    // Plain JSON for the client (dates in the echoed request become ISO strings).
    return { ok: true, result: JSON.parse(JSON.stringify(result)) as TryItResult };
  } catch (error) {
    return failure(error);
  }
}
