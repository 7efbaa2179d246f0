"use client";

import { Alert, Button, inputClass } from "@portico/ui";
import { useActionState } from "react";
import type { FormState } from "@/server/operations";

/** Issues an initial access token and shows it this once. */
export function IssueTokenForm({
  action,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const token = typeof state.result?.token === "string" ? state.result.token : null;
  return (
    <form action={submit} className="grid gap-3 sm:grid-cols-4" aria-label="Issue an initial access token">
      <input
        name="description"
        aria-label="Description"
        placeholder="What it is for"
        className={inputClass}
      />
      <input
        name="expiresInDays"
        aria-label="Valid for (days)"
        type="number"
        min="1"
        max="30"
        defaultValue="1"
        className={inputClass}
      />
      <input
        name="maxUses"
        aria-label="Registrations it allows (empty: any)"
        type="number"
        min="1"
        defaultValue="1"
        className={inputClass}
      />
      <Button type="submit" disabled={pending}>
        Issue token
      </Button>
      {state.message && !state.ok && (
        <div className="sm:col-span-4">
          <Alert tone="red">{state.message}</Alert>
        </div>
      )}
      {token && (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 sm:col-span-4">
          <p className="text-sm font-medium text-amber-900">Initial access token (shown once)</p>
          <code data-testid="initial-access-token" className="mt-1 block break-all font-mono text-xs">
            {token}
          </code>
        </div>
      )}
    </form>
  );
}
