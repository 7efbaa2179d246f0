"use client";

import { Button, inputClass } from "@portico/ui";
import type { FieldError, ResourceRow, ScopeRow } from "./api-form-value";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** The API's resources: method, path template, the scopes each requires, and whether it needs a token. */
export function ApiResourcesEditor({
  resources,
  scopes,
  sharedScopes,
  onChange,
  err,
}: {
  resources: ResourceRow[];
  /** the API's own scopes, as the form currently holds them */
  scopes: ScopeRow[];
  /** shared scopes (no API) a resource may also require */
  sharedScopes: string[];
  onChange: (resources: ResourceRow[]) => void;
  err: FieldError;
}) {
  const update = (i: number, change: (r: ResourceRow) => ResourceRow) =>
    onChange(resources.map((r, j) => (j === i ? change(r) : r)));
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="font-semibold">Resources</h2>
        <Button
          type="button"
          tone="secondary"
          onClick={() =>
            onChange([
              ...resources,
              { key: crypto.randomUUID(), method: "GET", path: "", scopes: [], authRequired: true },
            ])
          }
        >
          Add resource
        </Button>
      </div>
      <div className="space-y-3">
        {resources.map((res, i) => (
          <fieldset
            key={res.key}
            className="grid gap-3 rounded-lg border border-slate-100 p-3 sm:grid-cols-[7rem_1.5fr_1.5fr_auto_auto]"
            aria-label={`Resource ${i + 1}`}
          >
            <select
              aria-label="Method"
              className={inputClass}
              value={res.method}
              onChange={(e) => update(i, (r) => ({ ...r, method: e.target.value }))}
            >
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
            <input
              aria-label="Path"
              className={inputClass}
              placeholder="/orders/{orderId}"
              value={res.path}
              onChange={(e) => update(i, (r) => ({ ...r, path: e.target.value }))}
            />
            <select
              aria-label="Resource scopes"
              multiple
              className={inputClass}
              value={res.scopes}
              onChange={(e) =>
                update(i, (r) => ({ ...r, scopes: [...e.target.selectedOptions].map((o) => o.value) }))
              }
            >
              {scopes
                .filter((s) => s.name.trim())
                .map((s) => (
                  <option key={s.name} value={s.name.trim()}>
                    {s.name}
                  </option>
                ))}
              {sharedScopes
                .filter((name) => !scopes.some((s) => s.name.trim() === name))
                .map((name) => (
                  <option key={`shared-${name}`} value={name}>
                    {name} (shared)
                  </option>
                ))}
            </select>
            <label className="flex items-center gap-1 text-sm">
              <input
                type="checkbox"
                aria-label="Requires a token"
                checked={res.authRequired}
                onChange={(e) => update(i, (r) => ({ ...r, authRequired: e.target.checked }))}
              />
              Token required
            </label>
            <Button type="button" tone="ghost" onClick={() => onChange(resources.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </fieldset>
        ))}
      </div>
      {err("resources.scopes") && <p className="mt-2 text-xs text-red-600">{err("resources.scopes")}</p>}
    </section>
  );
}
