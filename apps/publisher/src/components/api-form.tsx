"use client";

import { Alert, Button, Field, inputClass } from "@portico/ui";
import { useActionState, useState } from "react";
import type { FormState } from "@/server/operations";
import { ApiSettingsFields } from "./api-settings-fields";
import { type ApiSettingsOptions, type ApiSettingsValue, settingsPayload } from "./api-settings-value";

// Fields the form does not show (a scope's display name, a resource's description and throttling
// tier) ride along unchanged, so saving never drops them.
type Scope = { key: string; name: string; displayName?: string; description: string; roles: string[] };
type Resource = {
  key: string;
  method: string;
  path: string;
  scopes: string[];
  authRequired: boolean;
  description?: string;
  throttlingTier?: string;
};

export interface ApiFormValue {
  name: string;
  version: string;
  context: string;
  description: string;
  tags: string;
  production: string;
  sandbox: string;
  /** failover endpoint URLs, one per line */
  productionFailovers: string;
  sandboxFailovers: string;
  /** spread calls round robin over each endpoint and its failovers */
  loadBalance: boolean;
  visibility: string;
  scopes: Array<Omit<Scope, "key">>;
  resources: Array<Omit<Resource, "key">>;
  settings: ApiSettingsValue;
}

/** The non-empty lines of a text box. */
const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

type FormValue = Omit<ApiFormValue, "scopes" | "resources"> & { scopes: Scope[]; resources: Resource[] };

/** The createApi/updateApi input for what the form holds. */
function payloadOf(value: FormValue, editing: boolean): Record<string, unknown> {
  return {
    ...(editing ? {} : { version: value.version.trim(), context: value.context.trim() }),
    name: value.name.trim(),
    description: value.description.trim() || (editing ? null : undefined),
    tags: value.tags
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    endpoints: {
      ...(value.production.trim() ? { production: value.production.trim() } : {}),
      ...(value.sandbox.trim() ? { sandbox: value.sandbox.trim() } : {}),
      productionFailovers: lines(value.productionFailovers),
      sandboxFailovers: lines(value.sandboxFailovers),
      loadBalance: value.loadBalance,
    },
    visibility: value.visibility,
    ...settingsPayload(value.settings),
    scopes: value.scopes
      .filter((s) => s.name.trim())
      .map((s) => ({
        name: s.name.trim(),
        displayName: s.displayName,
        description: s.description.trim() || undefined,
        roles: s.roles,
      })),
    resources: value.resources
      .filter((r) => r.path.trim())
      .map(({ key: _key, ...r }) => ({ ...r, path: r.path.trim() })),
  };
}

/**
 * An update is partial: of the form's payload, only the fields that differ from what the form
 * was opened with, so a save changes exactly what was edited (and nothing the form does not show).
 */
function changedOnly(payload: Record<string, unknown>, initial: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(payload).filter(([field, v]) => JSON.stringify(v) !== JSON.stringify(initial[field])),
  );
}

/** Create or edit an API: details, scopes bound to roles, and resources with their scopes. */
export function ApiForm({
  action,
  initial,
  roles,
  options,
  sharedScopes = [],
  editing = false,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  initial: ApiFormValue;
  roles: string[];
  /** subscription tiers and enabled key managers to choose from */
  options: ApiSettingsOptions;
  /** shared scopes (no API) a resource may also require */
  sharedScopes?: string[];
  editing?: boolean;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const [value, setValue] = useState(
    (): FormValue => ({
      ...initial,
      scopes: initial.scopes.map((s): Scope => ({ ...s, key: crypto.randomUUID() })),
      resources: initial.resources.map((r): Resource => ({ ...r, key: crypto.randomUUID() })),
    }),
  );
  // what the form was opened with, as a payload: an edit sends only what differs from it
  const [opened] = useState(() => payloadOf(value, editing));
  type Value = typeof value;
  const set = <K extends keyof Value>(key: K, v: Value[K]) => setValue((old) => ({ ...old, [key]: v }));
  const err = (f: string) => state.fields?.[f];
  /** the first error on a field or any of its items (`endpoints.productionFailovers.1`) */
  const errUnder = (f: string) =>
    Object.entries(state.fields ?? {}).find(([k]) => k === f || k.startsWith(`${f}.`))?.[1];

  const current = payloadOf(value, editing);
  const payload = editing ? changedOnly(current, opened) : current;

  return (
    <form action={submit} className="space-y-6">
      <input type="hidden" name="definition" value={JSON.stringify(payload)} />
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
        <Field label="Production endpoint" name="production" error={err("endpoints.production")}>
          <input
            id="production"
            className={inputClass}
            value={value.production}
            placeholder="https://backend.example/api"
            onChange={(e) => set("production", e.target.value)}
            aria-invalid={Boolean(err("endpoints.production"))}
          />
        </Field>
        <Field label="Sandbox endpoint" name="sandbox" error={err("endpoints.sandbox")}>
          <input
            id="sandbox"
            className={inputClass}
            value={value.sandbox}
            onChange={(e) => set("sandbox", e.target.value)}
            aria-invalid={Boolean(err("endpoints.sandbox"))}
          />
        </Field>
        {(["production", "sandbox"] as const).map((kind) => {
          const name = `${kind}Failovers` as const;
          const error = errUnder(`endpoints.${name}`);
          return (
            <Field
              key={name}
              label={`${kind === "production" ? "Production" : "Sandbox"} failover endpoints`}
              name={name}
              error={error}
              hint={`One URL per line, tried in order when the ${kind} endpoint cannot be reached`}
            >
              <textarea
                id={name}
                className={inputClass}
                rows={2}
                value={value[name]}
                onChange={(e) => set(name, e.target.value)}
                aria-invalid={Boolean(error)}
              />
            </Field>
          );
        })}
        <div className="sm:col-span-2">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={value.loadBalance}
              onChange={(e) => set("loadBalance", e.target.checked)}
            />
            Spread calls over each endpoint and its failovers (round robin)
          </label>
          <p className="mt-1 text-xs text-slate-500">
            Off: the first endpoint takes every call and the failovers stand in when it cannot be reached. On:
            calls take turns; one that cannot be reached is still passed over.
          </p>
        </div>
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

      <ApiSettingsFields
        value={value.settings}
        onChange={(v) => set("settings", v)}
        options={options}
        fields={state.fields}
      />

      <section className="rounded-xl border border-slate-200 bg-white p-5">
        <div className="mb-3 flex items-center justify-between">
          <h2 className="font-semibold">Scopes</h2>
          <Button
            type="button"
            tone="secondary"
            onClick={() =>
              set("scopes", [
                ...value.scopes,
                { key: crypto.randomUUID(), name: "", description: "", roles: [] },
              ])
            }
          >
            Add scope
          </Button>
        </div>
        {value.scopes.length === 0 && (
          <p className="text-sm text-slate-500">No scopes: resources need only a valid token.</p>
        )}
        <div className="space-y-3">
          {value.scopes.map((scope, i) => (
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
                onChange={(e) =>
                  set(
                    "scopes",
                    value.scopes.map((s, j) => (j === i ? { ...s, name: e.target.value } : s)),
                  )
                }
              />
              <input
                aria-label="Scope description"
                className={inputClass}
                placeholder="What it allows"
                value={scope.description}
                onChange={(e) =>
                  set(
                    "scopes",
                    value.scopes.map((s, j) => (j === i ? { ...s, description: e.target.value } : s)),
                  )
                }
              />
              <fieldset className="flex flex-wrap items-center gap-3 text-sm" aria-label="Roles">
                {roles.map((role) => (
                  <label key={role} className="flex items-center gap-1">
                    <input
                      type="checkbox"
                      aria-label={`Role ${role}`}
                      checked={scope.roles.includes(role)}
                      onChange={(e) =>
                        set(
                          "scopes",
                          value.scopes.map((s, j) =>
                            j === i
                              ? {
                                  ...s,
                                  roles: e.target.checked
                                    ? [...s.roles, role]
                                    : s.roles.filter((r) => r !== role),
                                }
                              : s,
                          ),
                        )
                      }
                    />
                    {role}
                  </label>
                ))}
              </fieldset>
              <Button
                type="button"
                tone="ghost"
                onClick={() =>
                  set(
                    "scopes",
                    value.scopes.filter((_, j) => j !== i),
                  )
                }
              >
                Remove
              </Button>
            </fieldset>
          ))}
        </div>
        {err("scopes.name") && <p className="mt-2 text-xs text-red-600">{err("scopes.name")}</p>}
        {err("scopes.roles") && <p className="mt-2 text-xs text-red-600">{err("scopes.roles")}</p>}
      </section>

      <section className="rounded-xl border border-slate-200 bg-white p-5">
        <div className="mb-3 flex items-center justify-between">
          <h2 className="font-semibold">Resources</h2>
          <Button
            type="button"
            tone="secondary"
            onClick={() =>
              set("resources", [
                ...value.resources,
                { key: crypto.randomUUID(), method: "GET", path: "", scopes: [], authRequired: true },
              ])
            }
          >
            Add resource
          </Button>
        </div>
        <div className="space-y-3">
          {value.resources.map((res, i) => (
            <fieldset
              key={res.key}
              className="grid gap-3 rounded-lg border border-slate-100 p-3 sm:grid-cols-[7rem_1.5fr_1.5fr_auto_auto]"
              aria-label={`Resource ${i + 1}`}
            >
              <select
                aria-label="Method"
                className={inputClass}
                value={res.method}
                onChange={(e) =>
                  set(
                    "resources",
                    value.resources.map((r, j) => (j === i ? { ...r, method: e.target.value } : r)),
                  )
                }
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
                onChange={(e) =>
                  set(
                    "resources",
                    value.resources.map((r, j) => (j === i ? { ...r, path: e.target.value } : r)),
                  )
                }
              />
              <select
                aria-label="Resource scopes"
                multiple
                className={inputClass}
                value={res.scopes}
                onChange={(e) =>
                  set(
                    "resources",
                    value.resources.map((r, j) =>
                      j === i ? { ...r, scopes: [...e.target.selectedOptions].map((o) => o.value) } : r,
                    ),
                  )
                }
              >
                {value.scopes
                  .filter((s) => s.name.trim())
                  .map((s) => (
                    <option key={s.name} value={s.name.trim()}>
                      {s.name}
                    </option>
                  ))}
                {sharedScopes
                  .filter((name) => !value.scopes.some((s) => s.name.trim() === name))
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
                  onChange={(e) =>
                    set(
                      "resources",
                      value.resources.map((r, j) => (j === i ? { ...r, authRequired: e.target.checked } : r)),
                    )
                  }
                />
                Token required
              </label>
              <Button
                type="button"
                tone="ghost"
                onClick={() =>
                  set(
                    "resources",
                    value.resources.filter((_, j) => j !== i),
                  )
                }
              >
                Remove
              </Button>
            </fieldset>
          ))}
        </div>
        {err("resources.scopes") && <p className="mt-2 text-xs text-red-600">{err("resources.scopes")}</p>}
      </section>

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
