"use client";

import { Alert } from "@portico/ui";
import { type ReactNode, useActionState } from "react";
import type { PolicyFormState } from "./form-state";

/** A small form bound to a policy server action (a button, a select), showing its outcome. */
export function PolicyActionForm({
  action,
  children,
  className,
}: {
  action: (prev: PolicyFormState, form: FormData) => Promise<PolicyFormState>;
  children: ReactNode;
  className?: string;
}) {
  const [state, submit, pending] = useActionState(action, {});
  return (
    <form action={submit} className={className} aria-busy={pending}>
      {children}
      {state.message && (
        <div className="mt-2">
          <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>
        </div>
      )}
    </form>
  );
}
