"use client";

import type { ScopeConflict } from "@portico/platform";
import { Alert, Button, Field, inputClass } from "@portico/ui";
import { submitKeepingValues } from "@portico/ui/submit-keeping-values";
import { useActionState, useState } from "react";
import { type ImportState, importOpenApiAction } from "@/app/apis/actions";
import { firstChoice, ImportScopeConflicts, type ScopeChoiceState } from "./import-scope-conflicts";

/** Errors shown next to their field; any other error is shown by the Import button. */
const FIELD_ERRORS = ["context", "endpoints.production", "document", "document.openapi"];
const shownAtField = (f: string) => FIELD_ERRORS.includes(f) || f.startsWith("scopeResolutions.");

export function ImportForm() {
  const [state, submit, pending] = useActionState<ImportState, FormData>(importOpenApiAction, {});
  // the scope names in use stay listed, with the choices made, until the document changes: a
  // later answer lists only the names still unresolved, and every choice must be sent again
  const [conflicts, setConflicts] = useState<ScopeConflict[]>([]);
  const [choices, setChoices] = useState<Record<string, ScopeChoiceState>>({});
  const [answered, setAnswered] = useState(state);
  if (state !== answered) {
    setAnswered(state);
    if (state.conflicts) {
      const fresh = state.conflicts.filter((c) => !conflicts.some((k) => k.name === c.name));
      setConflicts([...conflicts, ...fresh]);
      setChoices({ ...choices, ...Object.fromEntries(fresh.map((c) => [c.name, firstChoice(c)])) });
    }
  }
  const documentChanged = () => {
    setConflicts([]);
    setChoices({});
  };

  const err = (f: string) => state.fields?.[f];
  const elsewhere = Object.keys(state.fields ?? {}).filter((f) => !shownAtField(f));
  const showMessage =
    state.message &&
    !state.ok &&
    !state.conflicts &&
    (Object.keys(state.fields ?? {}).length === 0 || elsewhere.length > 0);
  return (
    <form
      onSubmit={submitKeepingValues(submit)}
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-5"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Context" name="context" error={err("context")} hint="The gateway path, e.g. /weather">
          <input
            id="context"
            name="context"
            className={inputClass}
            required
            aria-invalid={Boolean(err("context"))}
          />
        </Field>
        <Field
          label="Production endpoint"
          name="production"
          error={err("endpoints.production")}
          hint="Defaults to the document's first server"
        >
          <input
            id="production"
            name="production"
            className={inputClass}
            aria-invalid={Boolean(err("endpoints.production"))}
          />
        </Field>
      </div>
      <Field label="Upload a file" name="file">
        <input
          id="file"
          name="file"
          type="file"
          accept=".json,.yaml,.yml,application/json,application/yaml"
          className="text-sm"
          onChange={documentChanged}
        />
      </Field>
      <Field
        label="…or paste the document"
        name="document"
        error={err("document") ?? err("document.openapi")}
      >
        <textarea
          id="document"
          name="document"
          rows={14}
          className={`${inputClass} font-mono text-xs`}
          aria-invalid={Boolean(err("document") ?? err("document.openapi"))}
          onChange={documentChanged}
        />
      </Field>
      {conflicts.length > 0 && (
        <ImportScopeConflicts
          conflicts={conflicts}
          choices={choices}
          onChoose={(name, choice) => setChoices((old) => ({ ...old, [name]: choice }))}
          err={err}
        />
      )}
      <div className="space-y-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Importing…" : "Import"}
        </Button>
        {showMessage && <Alert>{state.message}</Alert>}
      </div>
    </form>
  );
}
