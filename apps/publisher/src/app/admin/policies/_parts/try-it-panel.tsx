"use client";

import { Alert, Badge, Button, Field, inputClass } from "@portico/ui";
import { type FormEvent, startTransition, useActionState } from "react";
import type { TryItDirective, TryItResult, TryItState } from "./form-state";

export interface TryItTarget {
  value: string;
  label: string;
}

const decisionTone = {
  Permit: "green",
  Deny: "red",
  NotApplicable: "slate",
  Indeterminate: "amber",
} as const;

function Directives({ title, items }: { title: string; items: TryItDirective[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <p className="font-medium text-slate-700">{title}</p>
      <ul className="mt-1 space-y-1">
        {items.map((d) => (
          <li key={d.id} className="font-mono text-xs">
            {d.id}
            {d.attributes.map((a) => (
              <span key={`${a.attributeId}=${a.value}`} className="block pl-4 text-slate-600">
                {a.attributeId} = {a.value}
              </span>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Outcome({ result }: { result: TryItResult }) {
  return (
    <div className="space-y-3 text-sm" data-testid="try-it-result">
      <p className="flex flex-wrap items-center gap-3">
        <span className="text-lg font-semibold" data-testid="try-it-decision">
          {result.decision}
        </span>
        <Badge tone={decisionTone[result.decision]}>version {result.policy.version}</Badge>
        {result.extendedIndeterminate && (
          <Badge tone="amber">Indeterminate{`{${result.extendedIndeterminate}}`}</Badge>
        )}
      </p>
      <dl className="grid grid-cols-[8rem_minmax(0,1fr)] gap-x-4 gap-y-1 [&_dd]:break-all">
        <dt className="text-slate-500">Deciding rule</dt>
        <dd className="font-mono text-xs" data-testid="try-it-rule">
          {result.ruleId ?? "—"}
        </dd>
        <dt className="text-slate-500">In policy</dt>
        <dd className="font-mono text-xs">{result.policyId ?? "—"}</dd>
        <dt className="text-slate-500">Status</dt>
        <dd className="font-mono text-xs">
          {result.status.code}
          {result.status.message && <span className="block text-slate-600">{result.status.message}</span>}
          {result.status.missingAttributes?.map((m) => (
            <span key={`${m.category} ${m.attributeId}`} className="block text-amber-700">
              missing {m.attributeId} ({m.category})
            </span>
          ))}
        </dd>
      </dl>
      <Directives title="Obligations" items={result.obligations} />
      <Directives title="Advice" items={result.advice} />
      <Alert tone={result.gateway.allowed ? "green" : "amber"}>
        Gateway (this policy alone): {result.gateway.allowed ? "lets the call through" : "refuses with 403"} —{" "}
        {result.gateway.reason}
      </Alert>
      <details>
        <summary className="cursor-pointer text-slate-600">Attributes sent</summary>
        <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 font-mono text-xs">
          {JSON.stringify(result.request, null, 2)}
        </pre>
      </details>
    </div>
  );
}

/** Builds a request from the caller's point of view and shows what the decision point says. */
export function TryItPanel({
  action,
  versions,
  currentVersion,
  targets,
}: {
  action: (prev: TryItState, form: FormData) => Promise<TryItState>;
  versions: number[];
  currentVersion: number;
  targets: { label: string; options: TryItTarget[] }[];
}) {
  const [state, submit, pending] = useActionState(action, {});
  const err = state.fields ?? {};
  // Submitted by hand rather than through `action`, so the form keeps its values between tries.
  function decide(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => submit(form));
  }
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form onSubmit={decide} className="space-y-4" aria-busy={pending}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Version" name="try-version" error={err.version}>
            <select
              id="try-version"
              name="version"
              defaultValue={String(currentVersion)}
              className={inputClass}
            >
              {versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                  {v === currentVersion ? " (current)" : ""}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Subject (user name)"
            name="subjectId"
            error={err.subjectId}
            hint="anonymous when empty"
          >
            <input id="subjectId" name="subjectId" className={inputClass} placeholder="alice" />
          </Field>
          <Field label="Roles" name="roles" error={err.roles} hint="comma-separated">
            <input id="roles" name="roles" className={inputClass} placeholder="admin, customer" />
          </Field>
          <Field label="Scopes" name="scopes" error={err.scopes} hint="space-separated">
            <input id="scopes" name="scopes" className={inputClass} placeholder="read:menu" />
          </Field>
          <Field label="Client id" name="clientId" error={err.clientId}>
            <input id="clientId" name="clientId" className={inputClass} />
          </Field>
          <Field label="Application id" name="applicationId" error={err.applicationId}>
            <input id="applicationId" name="applicationId" className={inputClass} />
          </Field>
          <Field label="Key type" name="keyType" error={err.keyType}>
            <select id="keyType" name="keyType" className={inputClass} defaultValue="">
              <option value="">—</option>
              <option>PRODUCTION</option>
              <option>SANDBOX</option>
            </select>
          </Field>
          <Field label="Client IP address" name="ipAddress" error={err.ipAddress}>
            <input id="ipAddress" name="ipAddress" className={inputClass} placeholder="203.0.113.7" />
          </Field>
          <div className="sm:col-span-2">
            <Field
              label="API or resource"
              name="target"
              error={err.apiId ?? err.resourceId}
              hint="With an API, the resource is the one the gateway routes method and path to."
            >
              <select id="target" name="target" className={inputClass} defaultValue="">
                <option value="">No API</option>
                {targets.map((group) => (
                  <optgroup key={group.label} label={group.label}>
                    {group.options.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </Field>
          </div>
          <Field label="Method" name="method" error={err.method}>
            <input id="method" name="method" className={inputClass} placeholder="GET" />
          </Field>
          <Field label="Path below the API" name="path" error={err.path}>
            <input id="path" name="path" className={inputClass} placeholder="/menu/42" />
          </Field>
          <Field label="Time (UTC)" name="time" error={err.time} hint="now when empty">
            <input id="time" name="time" type="datetime-local" className={inputClass} />
          </Field>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Extra attributes</legend>
          <datalist id="categories">
            <option value="subject" />
            <option value="resource" />
            <option value="action" />
            <option value="environment" />
          </datalist>
          {[0, 1, 2].map((i) => (
            <div key={i} className="grid grid-cols-[8rem_1fr_1fr] gap-2">
              <input
                name={`attr${i}.category`}
                list="categories"
                aria-label={`Attribute ${i + 1} category`}
                placeholder="subject"
                className={inputClass}
              />
              <input
                name={`attr${i}.id`}
                aria-label={`Attribute ${i + 1} id`}
                placeholder="urn:example:department"
                className={`${inputClass} font-mono`}
              />
              <input
                name={`attr${i}.value`}
                aria-label={`Attribute ${i + 1} value`}
                placeholder="value"
                className={inputClass}
              />
            </div>
          ))}
          {Object.entries(err)
            .filter(([field]) => field.startsWith("attributes"))
            .map(([field, message]) => (
              <p key={field} role="alert" className="text-xs text-red-600">
                {field}: {message}
              </p>
            ))}
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? "Deciding…" : "Decide"}
        </Button>
        {state.ok === false && state.message && <Alert>{state.message}</Alert>}
      </form>
      {/* beside the form and kept in view while scrolling to its button, announced when it changes */}
      <div className="min-w-0 lg:sticky lg:top-4 lg:self-start" aria-live="polite">
        {state.result ? (
          <Outcome result={state.result} />
        ) : (
          <p className="text-sm text-slate-500">The decision shows here.</p>
        )}
      </div>
    </div>
  );
}
