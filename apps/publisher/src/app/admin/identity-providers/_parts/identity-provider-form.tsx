"use client";

import { Alert, Button } from "@portico/ui";
import { type FormEvent, startTransition, useActionState } from "react";
import type { FormState } from "@/server/operations";
import { ProviderCredentialFields } from "./provider-credential-fields";
import { errorFor, mappingFields, type ProviderInitial, type ProviderType } from "./provider-form-value";
import { ProviderIdentityFields } from "./provider-identity-fields";
import { ProviderMappingFields } from "./provider-mapping-fields";
import { ProviderSwitches } from "./provider-switches";

export type { ProviderInitial, ProviderType } from "./provider-form-value";

/**
 * Create or edit one trusted identity provider. Submitted without the browser's form reset, so a
 * refused form keeps what the admin typed; each server-side error shows under its field.
 */
export function IdentityProviderForm({
  action,
  type,
  initial,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  type: ProviderType;
  initial?: ProviderInitial;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const mapping = mappingFields(initial?.mapping);
  const editing = initial !== undefined;
  const err = (name: string) => errorFor(state.fields, name);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => submit(data));
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" aria-busy={pending} data-testid={`idp-form-${type}`}>
      <input type="hidden" name="type" value={type} />
      <ProviderIdentityFields type={type} initial={initial} err={err} />
      <ProviderCredentialFields type={type} initial={initial} mapping={mapping} err={err} />
      <ProviderMappingFields type={type} mapping={mapping} err={err} />
      <ProviderSwitches type={type} initial={initial} mapping={mapping} />

      {state.message && (
        <Alert tone={state.ok ? "green" : "red"}>
          {state.message}
          {err("mapping") && type !== "KERBEROS" && <> — mapping: {err("mapping")}</>}
        </Alert>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : editing ? "Save" : "Add identity provider"}
      </Button>
    </form>
  );
}
