"use client";

import { Alert } from "@portico/ui";
import { type ReactNode, useActionState } from "react";
/** What a form action returns (the shape of @portico/platform's FormState). */
export interface ActionState {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
}

/** A small form bound to a server action, showing its outcome. */
export function ActionForm({
  action,
  children,
  className,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  children: ReactNode;
  className?: string;
}) {
  const [state, submit] = useActionState(action, {});
  return (
    <form action={submit} className={className}>
      {children}
      {state.message && (
        <div className="mt-2">
          <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>
        </div>
      )}
      {Object.entries(state.fields ?? {}).map(([field, message]) => (
        <p key={field} className="mt-1 text-xs text-red-600">
          {field}: {message}
        </p>
      ))}
    </form>
  );
}
