"use client";

import type { OperationDoc } from "@portico/platform";
import { Button } from "@portico/ui";
import { Fragment, useState } from "react";
import {
  type FieldError,
  type ResourceRow,
  resourceName,
  type ScopeRow,
  scopeChoices,
} from "./api-form-value";
import { ResourceOperationDetails } from "./resource-operation-details";
import { ScopeCombobox } from "./scope-combobox";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
const cellInput =
  "block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-100";
const HEADERS = ["Method", "Path", "Summary", "Scopes", "Throttling tier", "Auth"];

/**
 * The API's resources as a table, one row per operation: method, path template, summary, the
 * scopes it requires, its own throttling tier and whether it needs a token. Each field is labelled
 * with its row's `METHOD /path`; an operation of the imported OpenAPI document can be expanded to
 * read its summary and parameters there.
 */
export function ApiResourcesEditor({
  resources,
  scopes,
  sharedScopes,
  tiers = [],
  operations = {},
  onChange,
  err,
}: {
  resources: ResourceRow[];
  /** the API's own scopes, as the form currently holds them */
  scopes: ScopeRow[];
  /** shared scopes (no API) a resource may also require */
  sharedScopes: string[];
  /** throttling tiers of level API a resource may carry */
  tiers?: string[];
  /** the imported OpenAPI document's operations, by `METHOD /path` */
  operations?: Record<string, OperationDoc>;
  onChange: (resources: ResourceRow[]) => void;
  err: FieldError;
}) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const update = (i: number, change: (r: ResourceRow) => ResourceRow) =>
    onChange(resources.map((r, j) => (j === i ? change(r) : r)));
  const choices = scopeChoices(scopes, sharedScopes);
  const toggleDetails = (key: string) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5" aria-labelledby="resources-heading">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="resources-heading" className="font-semibold">
          Resources
        </h2>
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
      {resources.length === 0 ? (
        <p className="text-sm text-slate-500">No resources: the gateway serves no call of this API.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-labelledby="resources-heading">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                {HEADERS.map((h) => (
                  <th key={h} scope="col" className="px-2 py-2 font-medium">
                    {h}
                  </th>
                ))}
                <th scope="col" className="px-2 py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {resources.map((res, i) => {
                const name = resourceName(res);
                const operation = operations[`${res.method} ${res.path.trim()}`];
                const detailsId = `resource-details-${res.key}`;
                const open = Boolean(operation) && expanded.has(res.key);
                const tierChoices =
                  res.throttlingTier && !tiers.includes(res.throttlingTier)
                    ? [...tiers, res.throttlingTier]
                    : tiers;
                return (
                  <Fragment key={res.key}>
                    <tr aria-label={`Resource ${i + 1}`} className="align-top">
                      <td className="w-28 px-2 py-2">
                        <select
                          aria-label={`Method of ${name}`}
                          className={cellInput}
                          value={res.method}
                          onChange={(e) => update(i, (r) => ({ ...r, method: e.target.value }))}
                        >
                          {METHODS.map((m) => (
                            <option key={m}>{m}</option>
                          ))}
                        </select>
                      </td>
                      <td className="min-w-44 px-2 py-2">
                        <input
                          aria-label={`Path of ${name}`}
                          className={`${cellInput} font-mono`}
                          placeholder="/orders/{orderId}"
                          value={res.path}
                          onChange={(e) => update(i, (r) => ({ ...r, path: e.target.value }))}
                        />
                      </td>
                      <td className="min-w-40 px-2 py-2">
                        <input
                          aria-label={`Summary of ${name}`}
                          className={cellInput}
                          maxLength={500}
                          value={res.description ?? ""}
                          onChange={(e) => update(i, (r) => ({ ...r, description: e.target.value }))}
                        />
                      </td>
                      <td className="px-2 py-2">
                        <ScopeCombobox
                          label={`Scopes of ${name}`}
                          choices={choices}
                          value={res.scopes}
                          onChange={(s) => update(i, (r) => ({ ...r, scopes: s }))}
                        />
                      </td>
                      <td className="w-36 px-2 py-2">
                        <select
                          aria-label={`Throttling tier of ${name}`}
                          className={cellInput}
                          value={res.throttlingTier ?? ""}
                          onChange={(e) =>
                            update(i, (r) => ({ ...r, throttlingTier: e.target.value || undefined }))
                          }
                        >
                          <option value="">API default</option>
                          {tierChoices.map((t) => (
                            <option key={t} value={t}>
                              {t}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="px-2 py-2">
                        <label className="flex items-center gap-1 pt-1.5 whitespace-nowrap">
                          <input
                            type="checkbox"
                            checked={res.authRequired}
                            onChange={(e) => update(i, (r) => ({ ...r, authRequired: e.target.checked }))}
                          />
                          <span aria-hidden="true">Token</span>
                          <span className="sr-only">Requires a token: {name}</span>
                        </label>
                      </td>
                      <td className="px-2 py-2 whitespace-nowrap">
                        {operation && (
                          <Button
                            type="button"
                            tone="ghost"
                            aria-expanded={open}
                            aria-controls={detailsId}
                            onClick={() => toggleDetails(res.key)}
                          >
                            Details
                            <span className="sr-only"> of {name} from the OpenAPI document</span>
                          </Button>
                        )}
                        <Button
                          type="button"
                          tone="ghost"
                          onClick={() => onChange(resources.filter((_, j) => j !== i))}
                        >
                          Remove<span className="sr-only"> {name}</span>
                        </Button>
                      </td>
                    </tr>
                    {operation && (
                      <tr id={detailsId} hidden={!open} className="bg-slate-50">
                        <td colSpan={HEADERS.length + 1} className="px-4 py-3">
                          <ResourceOperationDetails name={name} operation={operation} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {err("resources.scopes") && <p className="mt-2 text-xs text-red-600">{err("resources.scopes")}</p>}
    </section>
  );
}
