"use client";

import { Button, inputClass } from "@portico/ui";
import type { FieldError, ScopeRow } from "./api-form-value";

/** The API's scopes, each bound to the roles that may be granted it. */
export function ApiScopesEditor({
  scopes,
  roles,
  onChange,
  err,
}: {
  scopes: ScopeRow[];
  roles: string[];
  onChange: (scopes: ScopeRow[]) => void;
  err: FieldError;
}) {
  const update = (i: number, change: (s: ScopeRow) => ScopeRow) =>
    onChange(scopes.map((s, j) => (j === i ? change(s) : s)));
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="font-semibold">Scopes</h2>
        <Button
          type="button"
          tone="secondary"
          onClick={() =>
            onChange([...scopes, { key: crypto.randomUUID(), name: "", description: "", roles: [] }])
          }
        >
          Add scope
        </Button>
      </div>
      {scopes.length === 0 && (
        <p className="text-sm text-slate-500">No scopes: resources need only a valid token.</p>
      )}
      <div className="space-y-3">
        {scopes.map((scope, i) => (
          <fieldset
            key={scope.key}
            className="grid gap-3 rounded-lg border border-slate-100 p-3 sm:grid-cols-[1fr_1.5fr_1fr_auto]"
            aria-label={`Scope ${i + 1}`}
          >
            <input
              aria-label="Scope name"
              className={inputClass}
              placeholder="pizza:order"
              value={scope.name}
              onChange={(e) => update(i, (s) => ({ ...s, name: e.target.value }))}
            />
            <input
              aria-label="Scope description"
              className={inputClass}
              placeholder="What it allows"
              value={scope.description}
              onChange={(e) => update(i, (s) => ({ ...s, description: e.target.value }))}
            />
            <fieldset className="flex flex-wrap items-center gap-3 text-sm" aria-label="Roles">
              {roles.map((role) => (
                <label key={role} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    aria-label={`Role ${role}`}
                    checked={scope.roles.includes(role)}
                    onChange={(e) =>
                      update(i, (s) => ({
                        ...s,
                        roles: e.target.checked ? [...s.roles, role] : s.roles.filter((r) => r !== role),
                      }))
                    }
                  />
                  {role}
                </label>
              ))}
            </fieldset>
            <Button type="button" tone="ghost" onClick={() => onChange(scopes.filter((_, j) => j !== i))}>
              Remove
            </Button>
          </fieldset>
        ))}
      </div>
      {err("scopes.name") && <p className="mt-2 text-xs text-red-600">{err("scopes.name")}</p>}
      {err("scopes.roles") && <p className="mt-2 text-xs text-red-600">{err("scopes.roles")}</p>}
    </section>
  );
}
