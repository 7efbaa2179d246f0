"use client";

import { Alert, Button, Field, inputClass } from "@portico/ui";
import { describeQuota } from "@portico/ui/describe-quota";
import { useActionState } from "react";
import type { FormState } from "@/server/operations";
import { submitKeepingValues } from "./submit-keeping-values";

/** Subscribe one of my applications to this API with one of the tiers it offers. */
export function SubscribeForm({
  action,
  applications,
  tiers,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  applications: Array<{ id: string; name: string }>;
  tiers: Array<{
    name: string;
    description: string | null;
    requestCount: number | null;
    unitSeconds: number;
    unlimited: boolean;
  }>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const err = (f: string) => state.fields?.[f];
  return (
    <form onSubmit={submitKeepingValues(submit)} className="space-y-3">
      <Field label="Application" name="subscribe-application" error={err("applicationId")}>
        <select
          id="subscribe-application"
          name="applicationId"
          className={inputClass}
          aria-invalid={Boolean(err("applicationId"))}
          required
        >
          {applications.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Tier" name="subscribe-tier" error={err("tier")}>
        <select
          id="subscribe-tier"
          name="tier"
          className={inputClass}
          aria-invalid={Boolean(err("tier"))}
          required
        >
          {tiers.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}: {describeQuota(t)}
            </option>
          ))}
        </select>
      </Field>
      <Button type="submit" disabled={pending} aria-busy={pending}>
        Subscribe
      </Button>
      {state.message && !state.ok && <Alert>{state.message}</Alert>}
      {state.ok && <Alert tone="green">Subscribed.</Alert>}
    </form>
  );
}
