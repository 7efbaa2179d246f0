"use client";

import type { listAvailableGrantTypes, listKeys } from "@portico/platform";
import { Alert, Badge, Button, Field, inputClass } from "@portico/ui";
import { DateTime } from "@portico/ui/date-time";
import { useActionState } from "react";
import type { FormState } from "@/server/operations";
import { CopyButton } from "./copy-button";
import { OneTimeValue } from "./one-time-value";
import { submitKeepingValues } from "./submit-keeping-values";

type Keys = Awaited<ReturnType<typeof listKeys>>[number];
type GrantType = Awaited<ReturnType<typeof listAvailableGrantTypes>>[number];

/** The first error of a field or of any of its items ("callbackUrls.0"). */
function fieldError(state: FormState, field: string): string | undefined {
  const entry = Object.entries(state.fields ?? {}).find(([f]) => f === field || f.startsWith(`${field}.`));
  return entry?.[1];
}

/**
 * One key type's keys: generate them, see the consumer key, manage secrets (the new secret is
 * shown once), change grant types, callback URLs and PKCE, revoke. Rendered at a fixed place so
 * the one-time secret survives the page refresh that follows each action.
 */
export function KeysPanel({
  keyType,
  title,
  keys,
  grantTypes,
  action,
}: {
  keyType: "PRODUCTION" | "SANDBOX";
  title: string;
  keys: Keys | null;
  grantTypes: GrantType[];
  action: (prev: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const prefix = keyType.toLowerCase();
  const secret = typeof state.result?.consumerSecret === "string" ? state.result.consumerSecret : null;
  const consumerKey =
    keys?.consumerKey ?? (typeof state.result?.consumerKey === "string" ? state.result.consumerKey : null);

  return (
    <section
      aria-labelledby={`${prefix}-keys-title`}
      className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id={`${prefix}-keys-title`} className="mb-4 text-base font-semibold">
        {title}
      </h2>
      {state.message && (
        <div className="mb-3">
          <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>
        </div>
      )}
      {secret && (
        <div className="mb-4">
          <OneTimeValue label="Consumer secret" value={secret} testId="consumer-secret" />
        </div>
      )}
      {!keys || !consumerKey ? (
        <form onSubmit={submitKeepingValues(submit)} className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="generate" />
          <p className="text-sm text-slate-600">
            No {prefix} keys yet. Choose how your application will get tokens, then generate a consumer key
            and secret.
          </p>
          <KeySettingsFields
            prefix={prefix}
            grantTypes={grantTypes}
            state={state}
            initial={{ grantTypes: defaultGrantTypes(grantTypes), callbackUrls: [], pkceRequired: true }}
          />
          <Button type="submit" disabled={pending} aria-busy={pending}>
            Generate keys
          </Button>
        </form>
      ) : (
        <div className="space-y-5">
          <div>
            <p className="text-sm font-medium text-slate-700">Consumer key</p>
            <div className="mt-1 flex items-start gap-2">
              <code
                data-testid="consumer-key"
                className="block flex-1 break-all rounded bg-slate-100 px-2 py-1 font-mono text-xs"
              >
                {consumerKey}
              </code>
              <CopyButton value={consumerKey} label={`Copy ${prefix} consumer key`} />
            </div>
          </div>

          <div>
            <h3 className="text-sm font-semibold">Secrets</h3>
            <ul className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
              {keys.secrets.length === 0 && <li className="px-3 py-2 text-slate-500">No secret: add one.</li>}
              {keys.secrets.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
                  <span>
                    <code className="font-mono text-xs">{s.hint}</code>{" "}
                    <span className="text-xs text-slate-500">
                      created <DateTime value={s.createdAt} />
                    </span>{" "}
                    {s.expired ? (
                      <Badge tone="red">expired</Badge>
                    ) : s.expiresAt ? (
                      <Badge tone="amber">
                        expires <DateTime value={s.expiresAt} />
                      </Badge>
                    ) : (
                      <Badge tone="green">active</Badge>
                    )}
                  </span>
                  <form onSubmit={submitKeepingValues(submit)}>
                    <input type="hidden" name="intent" value="revokeSecret" />
                    <input type="hidden" name="secretId" value={s.id} />
                    <Button
                      type="submit"
                      tone="ghost"
                      disabled={pending}
                      aria-label={`Revoke secret ${s.hint}`}
                    >
                      Revoke
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
            <form
              onSubmit={submitKeepingValues(submit)}
              className="mt-3 flex flex-wrap items-end gap-3"
              noValidate
            >
              <input type="hidden" name="intent" value="addSecret" />
              <div className="w-72">
                <Field
                  label="Expire current secrets after (seconds)"
                  name={`${prefix}-grace`}
                  error={fieldError(state, "expireExistingInSeconds")}
                  hint="Rotation: leave empty to keep them, or give your deployments time to switch (e.g. 3600)"
                >
                  <input
                    id={`${prefix}-grace`}
                    name="expireExistingInSeconds"
                    type="number"
                    min={0}
                    max={2592000}
                    className={inputClass}
                    aria-invalid={Boolean(fieldError(state, "expireExistingInSeconds"))}
                  />
                </Field>
              </div>
              <Button type="submit" tone="secondary" disabled={pending}>
                Add secret
              </Button>
            </form>
          </div>

          <details>
            <summary className="cursor-pointer text-sm font-semibold">
              Grant types, callback URLs and PKCE
            </summary>
            <form onSubmit={submitKeepingValues(submit)} className="mt-3 space-y-4" noValidate>
              <input type="hidden" name="intent" value="update" />
              <KeySettingsFields prefix={prefix} grantTypes={grantTypes} state={state} initial={keys} />
              <Button type="submit" tone="secondary" disabled={pending}>
                Save key settings
              </Button>
            </form>
          </details>

          <details>
            <summary className="cursor-pointer text-sm font-semibold text-red-700">Revoke keys</summary>
            <form onSubmit={submitKeepingValues(submit)} className="mt-3 space-y-2">
              <input type="hidden" name="intent" value="revokeKeys" />
              <p className="text-sm text-slate-600">
                The consumer key, its secrets and every token issued to it stop working at once. You can
                generate new keys afterwards.
              </p>
              <Button type="submit" tone="danger" disabled={pending}>
                Revoke {prefix} keys
              </Button>
            </form>
          </details>
        </div>
      )}
    </section>
  );
}

/** Tokens from the portal need client credentials; offer it ticked when the admin enabled it. */
function defaultGrantTypes(grantTypes: GrantType[]): string[] {
  return grantTypes.some((g) => g.name === "client_credentials") ? ["client_credentials"] : [];
}

function KeySettingsFields({
  prefix,
  grantTypes,
  state,
  initial,
}: {
  prefix: string;
  grantTypes: GrantType[];
  state: FormState;
  initial: { grantTypes: string[]; callbackUrls: string[]; pkceRequired: boolean };
}) {
  const grantError = fieldError(state, "grantTypes");
  const callbackError = fieldError(state, "callbackUrls");
  return (
    <>
      <fieldset aria-describedby={grantError ? `${prefix}-grant-types-error` : undefined}>
        <legend className="text-sm font-medium text-slate-700">Grant types</legend>
        {grantTypes.length === 0 && (
          <p className="mt-1 text-sm text-slate-500">The administrator has enabled no grant type.</p>
        )}
        <ul className="mt-2 space-y-2">
          {grantTypes.map((g) => (
            <li key={g.name} className="flex items-start gap-2">
              <input
                type="checkbox"
                id={`${prefix}-grant-${g.name}`}
                name="grantTypes"
                value={g.name}
                defaultChecked={initial.grantTypes.includes(g.name)}
                aria-describedby={`${prefix}-grant-${g.name}-description`}
                className="mt-1"
              />
              <div>
                <label htmlFor={`${prefix}-grant-${g.name}`} className="text-sm font-medium">
                  {g.displayName || g.name}
                </label>{" "}
                {g.risk && <Badge tone="amber">caution</Badge>}
                <p id={`${prefix}-grant-${g.name}-description`} className="text-xs text-slate-500">
                  <code>{g.name}</code>
                  {g.description ? ` — ${g.description}` : ""}
                  {g.risk && <span className="block text-amber-800">{g.risk}</span>}
                </p>
              </div>
            </li>
          ))}
        </ul>
        {grantError && (
          <p id={`${prefix}-grant-types-error`} role="alert" className="mt-1 text-xs text-red-600">
            {grantError}
          </p>
        )}
      </fieldset>
      <Field
        label="Callback URLs"
        name={`${prefix}-callback-urls`}
        error={callbackError}
        hint="One per line: https, or http on localhost. Needed for the authorization code grant."
      >
        <textarea
          id={`${prefix}-callback-urls`}
          name="callbackUrls"
          rows={2}
          className={`${inputClass} font-mono`}
          defaultValue={initial.callbackUrls.join("\n")}
          aria-invalid={Boolean(callbackError)}
        />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="pkceRequired" defaultChecked={initial.pkceRequired} />
        Require PKCE (S256) for the authorization code grant
      </label>
    </>
  );
}
