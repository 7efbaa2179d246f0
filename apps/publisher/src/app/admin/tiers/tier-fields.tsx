import { Field, inputClass } from "@portico/ui";

/** A tier as its form shows it (empty for a new one). */
export interface TierValue {
  name: string;
  level: string;
  description: string | null;
  requestCount: number | null;
  unitSeconds: number;
  burst: number | null;
  unlimited: boolean;
}

/** Field names the platform reports errors under, as the form labels them. */
export const tierFieldLabels = {
  name: "Name",
  level: "Level",
  description: "Description",
  requestCount: "Requests",
  unitSeconds: "Per (seconds)",
  burst: "Burst",
  unlimited: "Unlimited",
};

/** The labelled fields of a tier, for the new-tier form and for editing one. */
export function TierFields({ idPrefix, tier }: { idPrefix: string; tier?: TierValue }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <>
      <Field label="Name" name={id("name")}>
        <input id={id("name")} name="name" className={inputClass} defaultValue={tier?.name} required />
      </Field>
      <Field label="Level" name={id("level")}>
        <select
          id={id("level")}
          name="level"
          className={inputClass}
          defaultValue={tier?.level ?? "SUBSCRIPTION"}
        >
          <option value="SUBSCRIPTION">Subscription</option>
          <option value="APPLICATION">Application</option>
          <option value="API">API</option>
        </select>
      </Field>
      <Field label="Description" name={id("description")}>
        <input
          id={id("description")}
          name="description"
          className={inputClass}
          defaultValue={tier?.description ?? ""}
        />
      </Field>
      <Field label="Requests" name={id("requestCount")} hint="How many requests per period">
        <input
          id={id("requestCount")}
          name="requestCount"
          type="number"
          min={1}
          className={inputClass}
          defaultValue={tier?.requestCount ?? ""}
        />
      </Field>
      <Field label="Per (seconds)" name={id("unitSeconds")}>
        <input
          id={id("unitSeconds")}
          name="unitSeconds"
          type="number"
          min={1}
          className={inputClass}
          defaultValue={tier?.unitSeconds ?? 60}
        />
      </Field>
      <Field label="Burst" name={id("burst")} hint="Extra requests allowed at once (optional)">
        <input
          id={id("burst")}
          name="burst"
          type="number"
          min={0}
          className={inputClass}
          defaultValue={tier?.burst ?? ""}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="unlimited" defaultChecked={tier?.unlimited ?? false} /> Unlimited (no
        request limit)
      </label>
    </>
  );
}
