"use client";

import { Field, inputClass } from "@portico/ui";
import type { FieldError, FormValue, SetField } from "./api-form-value";

/** Production and sandbox endpoints, their failovers, and whether calls are spread over them. */
export function ApiEndpointsFields({
  value,
  set,
  err,
  errUnder,
}: {
  value: FormValue;
  set: SetField;
  err: FieldError;
  /** the first error on a field or any of its items (`endpoints.productionFailovers.1`) */
  errUnder: FieldError;
}) {
  return (
    <>
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
    </>
  );
}
