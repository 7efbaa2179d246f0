"use client";

import { Alert, Button } from "@portico/ui";
import { type ReactNode, startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
/** What a form action returns (the shape of @portico/platform's FormState). */
export interface ActionState {
  ok?: boolean;
  message?: string;
  fields?: Record<string, string>;
}

/** The one confirmation every destructive action asks for. */
export interface Confirmation {
  /** the question, e.g. "Delete PizzaShack 1.0.0?" */
  title: string;
  /** what happens, in a sentence or two */
  consequence?: ReactNode;
  /** the confirming button's label, e.g. "Delete API" */
  confirmLabel: string;
  /** when set, the user must type this (an API's name) before the action can be confirmed */
  typeToConfirm?: string;
}

/**
 * A small form bound to a server action, showing its outcome next to its button. With `confirm`,
 * submitting opens a dialog that asks first (and, with `typeToConfirm`, wants a name typed);
 * nothing is sent unless the user confirms. The typed text is sent as the `confirmation` field,
 * so the server can check it too. A refused form keeps what was typed (React would reset it after
 * every action); with `resetOnSuccess`, a form that created something is emptied for the next.
 */
export function ActionForm({
  action,
  children,
  className,
  confirm,
  successMessage,
  resetOnSuccess = false,
  fieldLabels = {},
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  children: ReactNode;
  className?: string;
  confirm?: string | Confirmation;
  /** shown when the action succeeds without a message of its own */
  successMessage?: string;
  resetOnSuccess?: boolean;
  /** the label of each field the action may name (`requestCount` -> "Requests"), so no message shows a code word */
  fieldLabels?: Record<string, string>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok && resetOnSuccess) form.current?.reset();
  }, [state, resetOnSuccess]);
  const dialog = useRef<HTMLDialogElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const [typed, setTyped] = useState("");
  const id = useId();
  const ask: Confirmation | undefined =
    typeof confirm === "string" ? { title: confirm, confirmLabel: "Confirm" } : confirm;
  const fieldErrors = Object.entries(state.fields ?? {});
  const human = (text: string) =>
    Object.entries(fieldLabels).reduce((t, [field, label]) => t.replaceAll(field, `"${label}"`), text);
  // Field errors say it all: the summary (which repeats them) is not shown as well.
  const message = fieldErrors.length ? undefined : (state.message ?? (state.ok ? successMessage : undefined));
  return (
    <form
      ref={form}
      // before hydration the browser posts the form to the action itself
      action={submit}
      className={className}
      aria-busy={pending}
      onSubmit={(event) => {
        // A prevented submit event stops React from calling the action (and from resetting the
        // form): it is dispatched here instead, once confirmed.
        event.preventDefault();
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        const open = dialog.current?.open ?? false;
        // Enter in the dialog confirms too, once what must be typed is typed
        const confirmed =
          submitter === confirmButton.current ||
          (open && (ask?.typeToConfirm === undefined || typed === ask.typeToConfirm));
        if (ask && !confirmed) {
          if (!open) {
            setTyped("");
            dialog.current?.showModal();
          }
          return;
        }
        dialog.current?.close();
        const data = new FormData(event.currentTarget, submitter);
        startTransition(() => submit(data));
      }}
    >
      {children}
      {ask && (
        <dialog
          ref={dialog}
          aria-labelledby={`${id}-title`}
          aria-describedby={ask.consequence ? `${id}-consequence` : undefined}
          className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-6 text-left shadow-xl backdrop:bg-slate-900/40"
        >
          <h2 id={`${id}-title`} className="text-base font-semibold">
            {ask.title}
          </h2>
          {ask.consequence && (
            <p id={`${id}-consequence`} className="mt-2 text-sm text-slate-600">
              {ask.consequence}
            </p>
          )}
          {ask.typeToConfirm !== undefined && (
            <div className="mt-4">
              <label htmlFor={`${id}-typed`} className="block text-sm font-medium text-slate-700">
                Type <strong className="font-mono">{ask.typeToConfirm}</strong> to confirm
              </label>
              <input
                id={`${id}-typed`}
                name="confirmation"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                spellCheck={false}
                className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
              />
            </div>
          )}
          <div className="mt-6 flex justify-end gap-2">
            <Button type="button" tone="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button
              ref={confirmButton}
              type="submit"
              tone="danger"
              disabled={ask.typeToConfirm !== undefined && typed !== ask.typeToConfirm}
            >
              {ask.confirmLabel}
            </Button>
          </div>
        </dialog>
      )}
      {message && (
        <div className="mt-2">
          <Alert tone={state.ok ? "green" : "red"}>{human(message)}</Alert>
        </div>
      )}
      {fieldErrors.length > 0 && (
        <div className="mt-2">
          <Alert>
            <ul>
              {fieldErrors.map(([field, text]) => (
                <li key={field}>
                  {fieldLabels[field] ?? field}: {human(text)}
                </li>
              ))}
            </ul>
          </Alert>
        </div>
      )}
    </form>
  );
}
