"use client";

import { Field, inputClass } from "@portico/ui";
import type { ReactNode } from "react";
import type { FieldError, FormValue, SetField } from "./api-form-value";

/** The API's details card: name, version, context, visibility, description and tags, with the endpoint fields in their place. */
export function ApiDetailsFields({
  value,
  set,
  err,
  editing,
  endpoints,
}: {
  value: FormValue;
  set: SetField;
  err: FieldError;
  /** version and context are fixed once the API exists */
  editing: boolean;
  /** the endpoint fields, shown after visibility */
  endpoints: ReactNode;
}) {
  return (
    <section className="grid gap-4 rounded-xl border border-slate-200 bg-white p-5 sm:grid-cols-2">
      <Field label="Name" name="name" error={err("name")}>
        <input
          id="name"
          className={inputClass}
          value={value.name}
          onChange={(e) => set("name", e.target.value)}
          aria-invalid={Boolean(err("name"))}
          required
        />
      </Field>
      <Field label="Version" name="version" error={err("version")} hint="e.g. 1.0.0">
        <input
          id="version"
          className={inputClass}
          value={value.version}
          disabled={editing}
          onChange={(e) => set("version", e.target.value)}
          aria-invalid={Boolean(err("version"))}
          required
        />
      </Field>
      <Field label="Context" name="context" error={err("context")} hint="The gateway path, e.g. /pizza">
        <input
          id="context"
          className={inputClass}
          value={value.context}
          disabled={editing}
          onChange={(e) => set("context", e.target.value)}
          aria-invalid={Boolean(err("context"))}
          required
        />
      </Field>
      <Field label="Visibility" name="visibility" error={err("visibility")}>
        <select
          id="visibility"
          className={inputClass}
          value={value.visibility}
          onChange={(e) => set("visibility", e.target.value)}
        >
          <option value="PUBLIC">Public</option>
          <option value="RESTRICTED">Restricted by role</option>
          <option value="PRIVATE">Private (only me)</option>
        </select>
      </Field>
      {endpoints}
      <Field label="Description" name="description" error={err("description")}>
        <textarea
          id="description"
          className={inputClass}
          rows={2}
          value={value.description}
          onChange={(e) => set("description", e.target.value)}
        />
      </Field>
      <Field label="Tags" name="tags" hint="Comma-separated">
        <input
          id="tags"
          className={inputClass}
          value={value.tags}
          onChange={(e) => set("tags", e.target.value)}
        />
      </Field>
    </section>
  );
}
