import { Button, Field, inputClass } from "@portico/ui";
import { actionGroups, actionLabel, TARGET_TYPES } from "./audit-labels";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

/** The audit log's filters: a plain GET form, so a filtered view is a link that can be shared. */
export function AuditFilters({
  values,
  actors,
  actions,
  targetName,
}: {
  values: AuditFilterValues;
  actors: string[];
  actions: string[];
  /** the name of the one target filtered on, if any */
  targetName?: string;
}) {
  return (
    <form
      method="get"
      action="/admin/audit"
      aria-label="Filter the audit log"
      className="mb-6 rounded-xl border border-slate-200 bg-white p-4"
    >
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-5">
        <Field label="Who" name="audit-actor">
          <select id="audit-actor" name="actor" className={inputClass} defaultValue={values.actor ?? ""}>
            <option value="">Anyone</option>
            {actors.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </Field>
        <Field label="What" name="audit-action">
          <select id="audit-action" name="action" className={inputClass} defaultValue={values.action ?? ""}>
            <option value="">Any action</option>
            <optgroup label="Everything done to">
              {actionGroups(actions).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </optgroup>
            <optgroup label="One action">
              {actions.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
        <Field label="Target" name="audit-target-type">
          <select
            id="audit-target-type"
            name="targetType"
            className={inputClass}
            defaultValue={values.targetType ?? ""}
          >
            <option value="">Any target</option>
            {Object.entries(TARGET_TYPES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="From (UTC)" name="audit-from">
          <input
            id="audit-from"
            name="from"
            type="datetime-local"
            className={inputClass}
            defaultValue={values.from ?? ""}
          />
        </Field>
        <Field label="To (UTC)" name="audit-to">
          <input
            id="audit-to"
            name="to"
            type="datetime-local"
            className={inputClass}
            defaultValue={values.to ?? ""}
          />
        </Field>
      </div>
      {values.targetId && (
        <p className="mt-3 text-sm text-slate-700">
          Only <strong>{targetName ?? values.targetId}</strong>
          <input type="hidden" name="targetId" value={values.targetId} />{" "}
          <a href={withoutTarget(values)} className="text-brand-700 underline">
            show every target
          </a>
        </p>
      )}
      <div className="mt-4 flex items-center gap-3">
        <Button type="submit">Apply filters</Button>
        <a href="/admin/audit" className="text-sm font-medium text-brand-700 underline">
          Clear
        </a>
      </div>
    </form>
  );
}

function withoutTarget(values: AuditFilterValues): string {
  const { targetId: _, ...rest } = values;
  return `/admin/audit?${new URLSearchParams(Object.entries(rest).filter((e): e is [string, string] => Boolean(e[1])))}`;
}
