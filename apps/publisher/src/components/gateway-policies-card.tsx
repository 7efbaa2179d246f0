"use client";

import type { GatewayPolicyDescription } from "@portico/platform";
import { Alert, Button, Card, inputClass } from "@portico/ui";
import type { ActionState } from "@portico/ui/action-form";
import { useActionState, useState } from "react";
import { formSupports, initialValue, type JsonSchema, PolicyConfigForm } from "./policy-config-form";

interface Row {
  policy: string;
  /** "" for the whole API, otherwise "METHOD /path" */
  target: string;
  /** the configuration the form edits */
  config: unknown;
  /** the configuration the JSON view edits */
  text: string;
  mode: "form" | "json";
  /** why the JSON view cannot go back to the form */
  jsonProblem?: string;
}

interface Attachment {
  policy: string;
  resource?: { method: string; path: string };
  config?: unknown;
}

const pretty = (value: unknown) => JSON.stringify(value ?? {}, null, 2);

function schemaOf(policy: GatewayPolicyDescription | undefined): JsonSchema | undefined {
  return policy && formSupports(policy.jsonSchema) ? policy.jsonSchema : undefined;
}

function rowOf(a: Attachment, policy: GatewayPolicyDescription | undefined): Row {
  return {
    policy: a.policy,
    target: a.resource ? `${a.resource.method} ${a.resource.path}` : "",
    config: a.config ?? {},
    text: pretty(a.config),
    mode: schemaOf(policy) ? "form" : "json",
  };
}

/** A row as the platform's gatewayPolicies field takes it; bad JSON goes through as text so the server names it. */
function attachmentOf(row: Row): Attachment {
  let config: unknown = row.config;
  if (row.mode === "json") {
    config = row.text;
    try {
      config = JSON.parse(row.text || "{}");
    } catch {
      // left as text: the platform answers with the field that is wrong
    }
  }
  const space = row.target.indexOf(" ");
  return {
    policy: row.policy,
    ...(row.target
      ? { resource: { method: row.target.slice(0, space), path: row.target.slice(space + 1) } }
      : {}),
    config,
  };
}

/** The server's field messages for row `i`, by path inside its configuration ("" for the whole of it). */
function rowErrors(fields: Record<string, string> | undefined, i: number) {
  const config: Record<string, string> = {};
  const other: string[] = [];
  const prefix = `gatewayPolicies.${i}.`;
  for (const [field, message] of Object.entries(fields ?? {})) {
    if (field === `gatewayPolicies.${i}.config`) config[""] = message;
    else if (field.startsWith(`${prefix}config.`)) config[field.slice(`${prefix}config.`.length)] = message;
    else if (field === `gatewayPolicies.${i}` || field.startsWith(prefix)) other.push(message);
  }
  return { config, other };
}

/**
 * The policies attached to an API or its resources, in the order the gateway runs them. Each
 * configuration is a form generated from the policy's JSON Schema (computed on the server from the
 * schema the platform validates with), with a JSON view for any shape the form does not cover;
 * the server's messages appear under the field they name. A new one starts from the defaults.
 */
export function GatewayPoliciesCard({
  action,
  attachments,
  catalog,
  resources,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  attachments: Attachment[];
  catalog: GatewayPolicyDescription[];
  resources: Array<{ method: string; path: string }>;
}) {
  const attachable = catalog.filter((p) => p.attachable);
  const find = (name: string) => catalog.find((p) => p.name === name);
  const [rows, setRows] = useState<Row[]>(attachments.map((a) => rowOf(a, find(a.policy))));
  const [adding, setAdding] = useState(attachable[0]?.name ?? "");
  const [state, submit, pending] = useActionState(action, {});
  const update = (i: number, change: Partial<Row>) =>
    setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const move = (i: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(i, 1);
    if (row) next.splice(i + by, 0, row);
    setRows(next);
  };
  const add = () => {
    const policy = attachable.find((p) => p.name === adding);
    if (!policy) return;
    const schema = schemaOf(policy);
    const config = policy.defaults ?? (schema ? initialValue(schema) : {});
    setRows([
      ...rows,
      { policy: policy.name, target: "", config, text: pretty(config), mode: schema ? "form" : "json" },
    ]);
  };
  const toJson = (i: number, row: Row) => update(i, { mode: "json", text: pretty(row.config) });
  const toForm = (i: number, row: Row) => {
    try {
      update(i, { mode: "form", config: JSON.parse(row.text || "{}"), jsonProblem: undefined });
    } catch {
      update(i, { jsonProblem: "This is not valid JSON yet: correct it to go back to the form." });
    }
  };
  const fieldErrors = Object.entries(state.fields ?? {});
  const message = fieldErrors.length ? undefined : state.message;
  return (
    <Card title={`Gateway policies (${rows.length})`}>
      <p className="mb-3 text-sm text-slate-600">
        Run in this order on every call, after the caller is authorized and before the backend is called.
      </p>
      <ol className="space-y-4">
        {rows.map((row, i) => {
          const policy = find(row.policy);
          const schema = schemaOf(policy);
          const errors = rowErrors(state.fields, i);
          const title = `${i + 1}. ${policy?.title ?? row.policy}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are identified by their position in the order
            <li key={i} className="rounded border border-slate-200 p-3" data-testid="gateway-policy">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-semibold">{title}</span>
                <span className="flex gap-2">
                  <Button type="button" tone="secondary" disabled={i === 0} onClick={() => move(i, -1)}>
                    Up
                  </Button>
                  <Button
                    type="button"
                    tone="secondary"
                    disabled={i === rows.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    Down
                  </Button>
                  <Button
                    type="button"
                    tone="secondary"
                    onClick={() => setRows(rows.filter((_, j) => j !== i))}
                  >
                    Remove
                  </Button>
                </span>
              </div>
              {policy && <p className="mt-1 text-xs text-slate-500">{policy.description}</p>}
              <label className="mt-2 block text-sm" htmlFor={`policy-${i}-target`}>
                Applies to
                <select
                  id={`policy-${i}-target`}
                  className={inputClass}
                  value={row.target}
                  onChange={(e) => update(i, { target: e.target.value })}
                >
                  {policy?.levels.includes("api") !== false && <option value="">The whole API</option>}
                  {policy?.levels.includes("resource") !== false &&
                    resources.map((r) => (
                      <option key={`${r.method} ${r.path}`} value={`${r.method} ${r.path}`}>
                        {r.method} {r.path}
                      </option>
                    ))}
                </select>
              </label>
              {errors.other.map((m) => (
                <p key={m} className="mt-1 text-xs text-red-600" data-testid="policy-field-error">
                  {m}
                </p>
              ))}
              <div className="mt-3 flex items-center gap-2 text-sm">
                {schema ? (
                  row.mode === "form" ? (
                    <Button type="button" tone="ghost" onClick={() => toJson(i, row)}>
                      Edit as JSON
                    </Button>
                  ) : (
                    <Button type="button" tone="ghost" onClick={() => toForm(i, row)}>
                      Edit as form
                    </Button>
                  )
                ) : (
                  <span className="text-xs text-slate-500">This policy's settings are edited as JSON.</span>
                )}
              </div>
              {row.jsonProblem && row.mode === "json" && (
                <p className="text-xs text-red-600" role="alert">
                  {row.jsonProblem}
                </p>
              )}
              {errors.config[""] && (
                <p className="mt-1 text-xs text-red-600" data-testid="policy-field-error">
                  {errors.config[""]}
                </p>
              )}
              {schema && row.mode === "form" ? (
                <PolicyConfigForm
                  schema={schema}
                  value={row.config}
                  onChange={(config) => update(i, { config })}
                  errors={errors.config}
                  idBase={`policy-${i}-config`}
                />
              ) : (
                <label className="mt-2 block text-sm" htmlFor={`policy-${i}-config`}>
                  Configuration (JSON)
                  <textarea
                    id={`policy-${i}-config`}
                    className={`${inputClass} font-mono text-xs`}
                    rows={Math.min(12, row.text.split("\n").length + 1)}
                    value={row.text}
                    onChange={(e) => update(i, { text: e.target.value, jsonProblem: undefined })}
                  />
                </label>
              )}
            </li>
          );
        })}
      </ol>
      <div className="mt-4 flex flex-wrap items-end gap-2">
        <label className="text-sm" htmlFor="add-gateway-policy">
          Add a policy
          <select
            id="add-gateway-policy"
            className={inputClass}
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
          >
            {attachable.map((p) => (
              <option key={p.name} value={p.name}>
                {p.title}
              </option>
            ))}
          </select>
        </label>
        <Button type="button" tone="secondary" onClick={add}>
          Add
        </Button>
      </div>
      <form action={submit} className="mt-4" aria-busy={pending}>
        <input
          type="hidden"
          name="definition"
          value={JSON.stringify({ gatewayPolicies: rows.map(attachmentOf) })}
        />
        <Button type="submit" disabled={pending}>
          Save policies
        </Button>
        {message && (
          <div className="mt-2">
            <Alert tone={state.ok ? "green" : "red"}>{message}</Alert>
          </div>
        )}
        {fieldErrors.length > 0 && (
          <div className="mt-2">
            <Alert>
              <ul>
                {fieldErrors.map(([field, text]) => (
                  <li key={field}>
                    {field}: {text}
                  </li>
                ))}
              </ul>
            </Alert>
          </div>
        )}
      </form>
    </Card>
  );
}
