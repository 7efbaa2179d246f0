"use client";

import { Alert, Button, Field, inputClass } from "@portico/ui";
import { type ChangeEvent, useActionState, useState } from "react";
import type { PolicyFormState } from "./form-state";

/**
 * Upload or edit a policy document. The server compiles it; when it does not load, the engine's
 * message (element and line) shows under the text area with the offending line quoted.
 * Fields are controlled so a refused document stays in the editor.
 */
export function PolicyEditor({
  action,
  mode,
  initialContent = "",
  submitLabel,
}: {
  action: (prev: PolicyFormState, form: FormData) => Promise<PolicyFormState>;
  mode: "create" | "version";
  initialContent?: string;
  submitLabel: string;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const [content, setContent] = useState(initialContent);
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [enabled, setEnabled] = useState(true);

  async function loadFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) setContent(await file.text());
  }

  const location = state.policyError;
  const badLine = location?.line !== undefined ? content.split("\n")[location.line - 1] : undefined;
  const contentError = state.fields?.content ?? state.fields?.version;

  return (
    <form action={submit} className="space-y-5" aria-busy={pending}>
      {mode === "create" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Name"
            name="name"
            error={state.fields?.name}
            hint="Leave empty to use the document's PolicyId."
          >
            <input
              id="name"
              name="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              className={inputClass}
              aria-invalid={Boolean(state.fields?.name)}
            />
          </Field>
          <Field label="Description" name="description" error={state.fields?.description}>
            <input
              id="description"
              name="description"
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              className={inputClass}
            />
          </Field>
        </div>
      )}
      <Field
        label="Policy (XACML 3.0 XML)"
        name="content"
        error={contentError}
        hint="A Policy or PolicySet. It is compiled before it is stored; DOCTYPE declarations are refused."
      >
        <textarea
          id="content"
          name="content"
          value={content}
          onChange={(e) => setContent(e.target.value)}
          rows={24}
          spellCheck={false}
          required
          aria-invalid={Boolean(contentError)}
          aria-describedby={contentError ? "content-error" : undefined}
          className={`${inputClass} font-mono text-xs leading-5`}
        />
      </Field>
      {location && (
        <div
          className="rounded-md border border-red-200 bg-red-50 p-3 text-xs text-red-800"
          data-testid="policy-error-location"
        >
          <p>
            <span className="font-semibold">{location.code}</span>
            {location.element && <> at &lt;{location.element}&gt;</>}
            {location.line !== undefined && <>, line {location.line}</>}
            {location.column !== undefined && <>, column {location.column}</>}
          </p>
          {badLine !== undefined && (
            <pre className="mt-2 overflow-x-auto whitespace-pre font-mono">
              {location.line}: {badLine}
            </pre>
          )}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-4">
        <label className="text-sm text-slate-700">
          <span className="mr-2">Load from a file</span>
          <input type="file" accept=".xml,application/xml,text/xml" onChange={loadFile} className="text-sm" />
        </label>
        {mode === "create" && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="enabled"
              checked={enabled}
              onChange={(e) => setEnabled(e.target.checked)}
            />{" "}
            Enabled
          </label>
        )}
      </div>
      {state.message && !state.ok && !contentError && <Alert>{state.message}</Alert>}
      <Button type="submit" disabled={pending}>
        {pending ? "Checking…" : submitLabel}
      </Button>
    </form>
  );
}
