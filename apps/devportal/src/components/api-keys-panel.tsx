"use client";

import type { listApiKeys } from "@portico/platform";
import { Alert, Badge, Button, Field, inputClass, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { DateTime } from "@portico/ui/date-time";
import { useActionState } from "react";
import type { FormState } from "@/server/operations";
import { OneTimeValue } from "./one-time-value";
import { submitKeepingValues } from "./submit-keeping-values";

type ApiKeyView = Awaited<ReturnType<typeof listApiKeys>>[number];

/**
 * The application's API keys: generate one (shown once, only its SHA-256 is kept), list them by
 * name and last characters, and revoke one after confirming. Keys carry the application's
 * subscriptions and tiers, never OAuth scopes, and work only on APIs whose publisher accepts them.
 */
export function ApiKeysPanel({
  applicationName,
  apiKeys,
  generate,
  revoke,
}: {
  applicationName: string;
  apiKeys: ApiKeyView[];
  generate: (prev: FormState, form: FormData) => Promise<FormState>;
  revoke: (prev: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, submit, pending] = useActionState(generate, {});
  const err = (f: string) => state.fields?.[f];
  const described = (f: string, hint?: string) => (err(f) ? `${f}-error` : hint);
  const key = typeof state.result?.apiKey === "string" ? state.result.apiKey : null;

  return (
    <section
      aria-labelledby="api-keys-title"
      data-testid="api-keys"
      className="mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="api-keys-title" className="text-base font-semibold">
        API keys
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        An API key calls the APIs {applicationName} is subscribed to, with its tiers but no OAuth scopes, on
        APIs whose publisher accepts API keys. Send it in the header the API names.
      </p>

      <form
        onSubmit={submitKeepingValues(submit)}
        className="mt-4 space-y-4"
        noValidate
        aria-label="New API key"
      >
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Key name" name="api-key-name" error={err("name")}>
            <input
              id="api-key-name"
              name="name"
              className={inputClass}
              maxLength={100}
              required
              aria-invalid={Boolean(err("name"))}
              aria-describedby={described("api-key-name")}
            />
          </Field>
          <Field label="Key type" name="api-key-type" error={err("keyType")}>
            <select id="api-key-type" name="keyType" className={inputClass} defaultValue="PRODUCTION">
              <option value="PRODUCTION">Production</option>
              <option value="SANDBOX">Sandbox</option>
            </select>
          </Field>
          <Field
            label="Expires in (days)"
            name="api-key-expiry"
            error={err("expiresInDays")}
            hint="1 to 3650; empty: the key does not expire."
          >
            <input
              id="api-key-expiry"
              name="expiresInDays"
              type="number"
              min={1}
              max={3650}
              step={1}
              defaultValue={90}
              className={inputClass}
              aria-invalid={Boolean(err("expiresInDays"))}
              aria-describedby={described("api-key-expiry")}
            />
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Allowed IP addresses (optional)"
            name="api-key-ips"
            error={err("allowedIps")}
            hint="One address or CIDR block per line (203.0.113.7, 10.0.0.0/8); empty: any address."
          >
            <textarea
              id="api-key-ips"
              name="allowedIps"
              rows={3}
              className={`${inputClass} font-mono`}
              spellCheck={false}
              aria-invalid={Boolean(err("allowedIps"))}
              aria-describedby={described("api-key-ips")}
            />
          </Field>
          <Field
            label="Allowed referrers (optional)"
            name="api-key-referrers"
            error={err("allowedReferrers")}
            hint="One URL pattern per line (https://app.example.com/*); empty: any referrer."
          >
            <textarea
              id="api-key-referrers"
              name="allowedReferrers"
              rows={3}
              className={`${inputClass} font-mono`}
              spellCheck={false}
              aria-invalid={Boolean(err("allowedReferrers"))}
              aria-describedby={described("api-key-referrers")}
            />
          </Field>
        </div>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          Generate API key
        </Button>
        {state.message && (
          <Alert tone={state.ok ? "green" : "red"}>
            {state.fields && Object.keys(state.fields).length
              ? "Check the fields marked above."
              : state.message}
          </Alert>
        )}
        {key && <OneTimeValue label="API key" value={key} testId="api-key" />}
      </form>

      <h3 className="mt-6 text-sm font-semibold">Keys ({apiKeys.length})</h3>
      {apiKeys.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">No API key yet.</p>
      ) : (
        <div className="mt-2">
          <Table head={["Name", "Key", "Type", "Expires", "State", ""]}>
            {apiKeys.map((k) => (
              <tr key={k.id} data-testid="api-key-row">
                <td className="px-4 py-2">{k.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{k.hint}</td>
                <td className="px-4 py-2 text-xs">{k.keyType === "PRODUCTION" ? "Production" : "Sandbox"}</td>
                <td className="px-4 py-2 text-xs">
                  {k.expiresAt ? <DateTime value={k.expiresAt} /> : "Never"}
                </td>
                <td className="px-4 py-2">
                  {k.expired ? <Badge tone="red">Expired</Badge> : <Badge tone="green">Active</Badge>}
                  {(k.allowedIps.length > 0 || k.allowedReferrers.length > 0) && (
                    <p className="mt-1 text-xs text-slate-500">
                      Only from {[...k.allowedIps, ...k.allowedReferrers].join(", ")}
                    </p>
                  )}
                </td>
                <td className="px-4 py-2 text-right">
                  <ActionForm
                    action={revoke}
                    confirm={{
                      title: `Revoke the API key ${k.name}?`,
                      consequence: "Calls made with it are refused within seconds. This cannot be undone.",
                      confirmLabel: "Revoke API key",
                    }}
                  >
                    <input type="hidden" name="apiKeyId" value={k.id} />
                    <Button type="submit" tone="secondary" aria-label={`Revoke API key ${k.name}`}>
                      Revoke
                    </Button>
                  </ActionForm>
                </td>
              </tr>
            ))}
          </Table>
        </div>
      )}
    </section>
  );
}
