"use client";

import type { OperationDoc } from "@portico/platform";
import { Alert, Button } from "@portico/ui";
import { useActionState, useState } from "react";
import type { FormState } from "@/server/operations";
import { ApiDetailsFields } from "./api-details-fields";
import { ApiEndpointsFields } from "./api-endpoints-fields";
import { type ApiFormValue, changedOnly, type FormValue, formValueOf, payloadOf } from "./api-form-value";
import { ApiResourcesEditor } from "./api-resources-editor";
import { ApiScopesEditor } from "./api-scopes-editor";
import { ApiSettingsFields } from "./api-settings-fields";
import type { ApiSettingsOptions } from "./api-settings-value";

export type { ApiFormValue } from "./api-form-value";

/** Create or edit an API: details, scopes bound to roles, and resources with their scopes. */
export function ApiForm({
  action,
  initial,
  roles,
  options,
  sharedScopes = [],
  resourceTiers = [],
  operations = {},
  editing = false,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  initial: ApiFormValue;
  roles: string[];
  /** subscription tiers and enabled key managers to choose from */
  options: ApiSettingsOptions;
  /** shared scopes (no API) a resource may also require */
  sharedScopes?: string[];
  /** throttling tiers (level API) a resource may carry */
  resourceTiers?: string[];
  /** the imported OpenAPI document's operations by `METHOD /path`, shown beside the resources */
  operations?: Record<string, OperationDoc>;
  editing?: boolean;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const [value, setValue] = useState(() => formValueOf(initial));
  // what the form was opened with, as a payload: an edit sends only what differs from it
  const [opened] = useState(() => payloadOf(value, editing));
  const set = <K extends keyof FormValue>(key: K, v: FormValue[K]) =>
    setValue((old) => ({ ...old, [key]: v }));
  const err = (f: string) => state.fields?.[f];
  /** the first error on a field or any of its items (`endpoints.productionFailovers.1`) */
  const errUnder = (f: string) =>
    Object.entries(state.fields ?? {}).find(([k]) => k === f || k.startsWith(`${f}.`))?.[1];

  const current = payloadOf(value, editing);
  const payload = editing ? changedOnly(current, opened) : current;

  return (
    <form action={submit} className="space-y-6">
      <input type="hidden" name="definition" value={JSON.stringify(payload)} />
      <ApiDetailsFields
        value={value}
        set={set}
        err={err}
        editing={editing}
        endpoints={<ApiEndpointsFields value={value} set={set} err={err} errUnder={errUnder} />}
      />

      <ApiSettingsFields
        value={value.settings}
        onChange={(v) => set("settings", v)}
        options={options}
        fields={state.fields}
      />

      <ApiScopesEditor scopes={value.scopes} roles={roles} onChange={(s) => set("scopes", s)} err={err} />

      <ApiResourcesEditor
        resources={value.resources}
        scopes={value.scopes}
        sharedScopes={sharedScopes}
        tiers={resourceTiers}
        operations={operations}
        onChange={(r) => set("resources", r)}
        err={err}
      />

      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : editing ? "Save changes" : "Create API"}
      </Button>
      {/* the outcome next to the button; field errors are already shown at their fields */}
      {state.message && (
        <Alert tone={state.ok ? "green" : "red"}>
          {Object.keys(state.fields ?? {}).length
            ? "Not saved: check the fields marked above."
            : state.message}
        </Alert>
      )}
    </form>
  );
}
