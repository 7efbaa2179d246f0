"use client";

import { Alert, Button, Field, inputClass } from "@portico/ui";
import { useActionState } from "react";
import type { FormState } from "@/server/operations";
import { submitKeepingValues } from "./submit-keeping-values";

export interface ApplicationFormValue {
  name: string;
  description: string;
  tokenType: string;
  defaultValidity: number;
  tier: string;
}

/** Create or edit an application: name, description, token type, default validity, tier. */
export function ApplicationForm({
  action,
  initial,
  tiers,
  submitLabel,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  initial: ApplicationFormValue;
  tiers: Array<{ name: string; description: string }>;
  submitLabel: string;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const err = (f: string) => state.fields?.[f];
  return (
    <form onSubmit={submitKeepingValues(submit)} className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Application name" name="app-name" error={err("name")}>
          <input
            id="app-name"
            name="name"
            className={inputClass}
            defaultValue={initial.name}
            maxLength={70}
            aria-invalid={Boolean(err("name"))}
            required
          />
        </Field>
        <Field label="Token type" name="app-token-type" error={err("tokenType")}>
          <select
            id="app-token-type"
            name="tokenType"
            className={inputClass}
            defaultValue={initial.tokenType}
          >
            <option value="JWT">JWT (self-contained, verified by signature)</option>
            <option value="OPAQUE">Opaque (reference, looked up at the key manager)</option>
          </select>
        </Field>
        <Field
          label="Default validity period"
          name="app-default-validity"
          error={err("defaultValidity")}
          hint="Seconds a token lives unless you choose otherwise (60 to 31536000)"
        >
          <input
            id="app-default-validity"
            name="defaultValidity"
            type="number"
            min={60}
            max={31536000}
            className={inputClass}
            defaultValue={initial.defaultValidity}
            aria-invalid={Boolean(err("defaultValidity"))}
          />
        </Field>
        <Field
          label="Application tier"
          name="app-tier"
          error={err("tier")}
          hint="Limits all calls of this application"
        >
          <select id="app-tier" name="tier" className={inputClass} defaultValue={initial.tier}>
            <option value="">None</option>
            {tiers.map((t) => (
              <option key={t.name} value={t.name}>
                {t.name} ({t.description})
              </option>
            ))}
          </select>
        </Field>
        <div className="sm:col-span-2">
          <Field label="Description" name="app-description" error={err("description")}>
            <textarea
              id="app-description"
              name="description"
              rows={2}
              maxLength={1000}
              className={inputClass}
              defaultValue={initial.description}
            />
          </Field>
        </div>
      </div>
      <Button type="submit" disabled={pending} aria-busy={pending}>
        {submitLabel}
      </Button>
      {state.message && <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>}
    </form>
  );
}
