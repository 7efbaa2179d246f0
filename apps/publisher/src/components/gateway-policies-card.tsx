"use client";

import type { GatewayPolicyDescription } from "@portico/platform";
import { Button, Card, inputClass } from "@portico/ui";
import { ActionForm, type ActionState } from "@portico/ui/action-form";
import { useState } from "react";

interface Row {
  policy: string;
  /** "" for the whole API, otherwise "METHOD /path" */
  target: string;
  config: string;
}

interface Attachment {
  policy: string;
  resource?: { method: string; path: string };
  config?: unknown;
}

const rowOf = (a: Attachment): Row => ({
  policy: a.policy,
  target: a.resource ? `${a.resource.method} ${a.resource.path}` : "",
  config: JSON.stringify(a.config ?? {}, null, 2),
});

/** A row as the platform's gatewayPolicies field takes it; bad JSON goes through as text so the server names it. */
function attachmentOf(row: Row): Attachment {
  let config: unknown = row.config;
  try {
    config = JSON.parse(row.config || "{}");
  } catch {
    // left as text: the platform answers with the field that is wrong
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

/**
 * The policies attached to an API or its resources, in the order the gateway runs them. Each
 * configuration is JSON checked by the policy's own schema when saved; a new one starts from the
 * schema's defaults.
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
  const [rows, setRows] = useState<Row[]>(attachments.map(rowOf));
  const [adding, setAdding] = useState(attachable[0]?.name ?? "");
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
    if (policy)
      setRows([
        ...rows,
        { policy: policy.name, target: "", config: JSON.stringify(policy.defaults ?? {}, null, 2) },
      ]);
  };
  return (
    <Card title={`Gateway policies (${rows.length})`}>
      <p className="mb-3 text-sm text-slate-600">
        Run in this order on every call, after the caller is authorized and before the backend is called.
      </p>
      <ol className="space-y-4">
        {rows.map((row, i) => {
          const policy = catalog.find((p) => p.name === row.policy);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are identified by their position in the order
            <li key={i} className="rounded border border-slate-200 p-3" data-testid="gateway-policy">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-semibold">
                  {i + 1}. {policy?.title ?? row.policy}
                </span>
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
              <label className="mt-2 block text-sm" htmlFor={`policy-${i}-config`}>
                Configuration (JSON)
                <textarea
                  id={`policy-${i}-config`}
                  className={`${inputClass} font-mono text-xs`}
                  rows={Math.min(12, row.config.split("\n").length + 1)}
                  value={row.config}
                  onChange={(e) => update(i, { config: e.target.value })}
                />
              </label>
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
      <ActionForm action={action} className="mt-4">
        <input
          type="hidden"
          name="definition"
          value={JSON.stringify({ gatewayPolicies: rows.map(attachmentOf) })}
        />
        <Button type="submit">Save policies</Button>
      </ActionForm>
    </Card>
  );
}
