"use server";

import {
  createApiRevision,
  deleteApiRevision,
  deployApiRevision,
  restoreApiRevision,
  undeployApiRevision,
} from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

async function ctx() {
  return operationContext(await requireRole("publisher", "admin"));
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

/** "Create revision": snapshots the working copy; same operation as POST /apis/{id}/revisions. */
export async function createRevisionAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const description = text(form, "description");
  const state = await formAction(async () => {
    const revision = await createApiRevision(await ctx(), id, description ? { description } : {});
    return revision;
  }, "Revision created.");
  revalidatePath(`/apis/${id}/revisions`);
  return state;
}

export async function restoreRevisionAction(
  id: string,
  _prev: FormState,
  form: FormData,
): Promise<FormState> {
  const state = await formAction(
    async () => restoreApiRevision(await ctx(), id, text(form, "revisionId")),
    "Restored into the working copy. Deploy a revision to change what gateways serve.",
  );
  revalidatePath(`/apis/${id}`);
  revalidatePath(`/apis/${id}/revisions`);
  return state;
}

export async function deleteRevisionAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    async () => deleteApiRevision(await ctx(), id, text(form, "revisionId")),
    "Revision deleted.",
  );
  revalidatePath(`/apis/${id}/revisions`);
  return state;
}

/** Deploys the revision to the environments ticked on its row. */
export async function deployRevisionAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const environments = form.getAll("environment").map(String);
  const state = await formAction(
    async () => deployApiRevision(await ctx(), id, { revisionId: text(form, "revisionId"), environments }),
    "Deployed.",
  );
  revalidatePath(`/apis/${id}/revisions`);
  return state;
}

export async function undeployAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    async () => undeployApiRevision(await ctx(), id, text(form, "environment")),
    "Undeployed.",
  );
  revalidatePath(`/apis/${id}/revisions`);
  return state;
}
