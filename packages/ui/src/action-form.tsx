"use client";

import { Alert } from "@portico/ui";
import { type ReactNode, useActionState } from "react";
/** What a form action returns (the shape of @portico/platform's FormState). */
export interface ActionState {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
}

/**
 * A small form bound to a server action, showing its outcome. With `confirm`, the browser asks
 * that question first and nothing is sent unless the user agrees (for actions that cannot be
 * undone).
 */
export function ActionForm({
  action,
  children,
  className,
  confirm,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  children: ReactNode;
  className?: string;
  confirm?: string;
}) {
  const [state, submit] = useActionState(action, {});
  return (
    <form
      action={submit}
      className={className}
      onSubmit={
        // A prevented submit event stops React from calling the action.
        confirm
          ? (event) => {
              if (!window.confirm(confirm)) event.preventDefault();
            }
          : undefined
      }
    >
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
