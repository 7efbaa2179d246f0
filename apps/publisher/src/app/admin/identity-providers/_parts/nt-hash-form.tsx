"use client";

import { Alert, Button, Field, inputClass } from "@portico/ui";
import { type FormEvent, startTransition, useActionState, useState } from "react";
import type { FormState } from "@/server/operations";
import { UserPicker } from "./user-picker";

/** Sets a user's NT hash (NTLM) from the Windows password or a 32-hex hash; nothing is shown back. */
export function NtHashForm({
  action,
  users,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  users: { id: string; username: string }[];
}) {
  const [state, submit, pending] = useActionState(action, {});
  const [from, setFrom] = useState<"password" | "hash">("password");

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    // the secret leaves the page once: clear it whatever the answer
    for (const name of ["password", "ntHash"]) {
      const field = form.elements.namedItem(name);
      if (field instanceof HTMLInputElement) field.value = "";
    }
    startTransition(() => submit(data));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" aria-busy={pending} data-testid="nt-hash-form">
      <div className="grid gap-4 sm:grid-cols-3">
        <UserPicker label="User" id="userId" name="userId" users={users} error={state.fields?.userId} />
        <Field label="From" name="from">
          <select
            id="from"
            name="from"
            value={from}
            onChange={(e) => setFrom(e.target.value === "hash" ? "hash" : "password")}
            className={inputClass}
          >
            <option value="password">the Windows password</option>
            <option value="hash">an NT hash (32 hex)</option>
          </select>
        </Field>
        {from === "password" ? (
          <Field label="Windows password" name="password" error={state.fields?.password}>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="off"
              className={inputClass}
              aria-invalid={Boolean(state.fields?.password)}
              required
            />
          </Field>
        ) : (
          <Field label="NT hash" name="ntHash" error={state.fields?.ntHash}>
            <input
              id="ntHash"
              name="ntHash"
              autoComplete="off"
              spellCheck={false}
              pattern="[0-9a-fA-F]{32}"
              className={`${inputClass} font-mono`}
              aria-invalid={Boolean(state.fields?.ntHash)}
              required
            />
          </Field>
        )}
      </div>
      {state.message && <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>}
      <Button type="submit" disabled={pending || users.length === 0}>
        Set NT hash
      </Button>
    </form>
  );
}
