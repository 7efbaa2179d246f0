"use server";

import { decideWorkflowRequest } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

/** Approves or rejects a request of the approvals inbox; the button pressed says which. */
export async function decideApprovalAction(id: string, _prev: FormState, form: FormData): Promise<FormState> {
  const decision = form.get("decision") === "reject" ? "reject" : "approve";
  const comment = String(form.get("comment") ?? "").trim();
  const state = await formAction(
    async () =>
      decideWorkflowRequest(operationContext(await requireRole("publisher", "admin")), id, {
        decision,
        ...(comment ? { comment } : {}),
      }),
    decision === "approve" ? "Approved." : "Rejected.",
  );
  revalidatePath("/approvals");
  return state;
}
