import type { DenyPolicyView } from "@portico/platform";
import { Field, inputClass } from "@portico/ui";

export interface DenyPolicyTargets {
  apis: Array<{ id: string; label: string }>;
  applications: Array<{ id: string; label: string }>;
}

/** Field names the platform reports errors under, as the form labels them. */
export const denyPolicyFieldLabels = {
  conditions: "Conditions",
  applicationId: "Application",
  username: "User",
  ipRange: "IP range",
  apiId: "API",
  reason: "Reason",
  expiresAt: "Expires (UTC)",
};

/** `2030-01-01T10:00:00.000Z` as the `datetime-local` value `2030-01-01T10:00` (UTC). */
const localValue = (iso: string | null | undefined) => (iso ? iso.slice(0, 16) : "");

/** The labelled fields of a deny policy, for a new rule and for editing one. */
export function DenyPolicyFields({
  idPrefix,
  targets,
  rule,
}: {
  idPrefix: string;
  targets: DenyPolicyTargets;
  rule?: DenyPolicyView;
}) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const known = (list: DenyPolicyTargets["apis"], value: string | null | undefined) =>
    !value || list.some((t) => t.id === value);
  return (
    <>
      <fieldset className="grid gap-4 sm:col-span-2 sm:grid-cols-2">
        <legend className="mb-2 text-sm text-slate-600">
          Conditions: a call is refused when it matches every one you set (at least one).
        </legend>
        <Field label="Application" name={id("applicationId")}>
          <select
            id={id("applicationId")}
            name="applicationId"
            className={inputClass}
            defaultValue={rule?.applicationId ?? ""}
          >
            <option value="">Any application</option>
            {!known(targets.applications, rule?.applicationId) && (
              <option value={rule?.applicationId ?? ""}>deleted application</option>
            )}
            {targets.applications.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="User" name={id("username")} hint="A username, or a token's subject">
          <input
            id={id("username")}
            name="username"
            className={inputClass}
            defaultValue={rule?.username ?? ""}
            autoComplete="off"
          />
        </Field>
        <Field
          label="IP range"
          name={id("ipRange")}
          hint="An address or CIDR block: 203.0.113.0/24, 2001:db8::/32"
        >
          <input
            id={id("ipRange")}
            name="ipRange"
            className={inputClass}
            defaultValue={rule?.ipRange ?? ""}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field label="API" name={id("apiId")}>
          <select id={id("apiId")} name="apiId" className={inputClass} defaultValue={rule?.apiId ?? ""}>
            <option value="">Any API</option>
            {!known(targets.apis, rule?.apiId) && <option value={rule?.apiId ?? ""}>deleted API</option>}
            {targets.apis.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <Field label="Reason" name={id("reason")} hint="Shown to admins only">
        <input id={id("reason")} name="reason" className={inputClass} defaultValue={rule?.reason ?? ""} />
      </Field>
      <Field label="Expires (UTC)" name={id("expiresAt")} hint="Empty: until removed">
        <input
          id={id("expiresAt")}
          name="expiresAt"
          type="datetime-local"
          className={inputClass}
          defaultValue={localValue(rule?.expiresAt)}
        />
      </Field>
    </>
  );
}
