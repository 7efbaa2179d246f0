"use client";

import type { listDeveloperKeyManagers } from "@portico/platform";
import { Alert, Button, Field, inputClass } from "@portico/ui";
import { useActionState } from "react";
import type { FormState } from "@/server/operations";
import { OneTimeValue } from "./one-time-value";

type KeyManagerOption = Awaited<ReturnType<typeof listDeveloperKeyManagers>>[number];

const keyTypeSelect = (id: string) => (
  <select id={id} name="keyType" className={inputClass} defaultValue="PRODUCTION">
    <option value="PRODUCTION">Production</option>
    <option value="SANDBOX">Sandbox</option>
  </select>
);

/**
 * Keys at an external key manager: have the application's client created there (when the key
 * manager offers registration), link a client made there, and get a token from it with the
 * client credentials grant. Secrets and tokens are shown once.
 */
export function ExternalKeysPanel({
  keyManagers,
  action,
}: {
  keyManagers: KeyManagerOption[];
  action: (prev: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const result = state.result ?? {};
  const registering = keyManagers.filter((k) => k.offersRegistration);
  const select = (id: string, options: KeyManagerOption[]) => (
    <select id={id} name="keyManager" className={inputClass}>
      {options.map((k) => (
        <option key={k.name} value={k.name}>
          {k.name}
        </option>
      ))}
    </select>
  );
  return (
    <section
      aria-labelledby="external-keys-title"
      data-testid="external-keys"
      className="mt-6 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="external-keys-title" className="mb-4 text-base font-semibold">
        Keys at an external key manager
      </h2>
      {state.message && (
        <div className="mb-3">
          <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>
        </div>
      )}
      {Object.entries(state.fields ?? {}).map(([field, message]) => (
        <p key={field} className="mb-2 text-xs text-red-600">
          {field}: {message}
        </p>
      ))}
      {typeof result.consumerKey === "string" && (
        <p className="mb-2 text-sm">
          Consumer key <code data-testid="external-consumer-key">{result.consumerKey}</code>
        </p>
      )}
      {typeof result.consumerSecret === "string" && (
        <OneTimeValue
          label="Consumer secret"
          value={result.consumerSecret}
          testId="external-consumer-secret"
        />
      )}
      {typeof result.accessToken === "string" && (
        <OneTimeValue label="Access token" value={result.accessToken} testId="external-access-token" />
      )}
      <div className="mt-4 grid gap-6 lg:grid-cols-3">
        {registering.length > 0 && (
          <form action={submit} className="space-y-2" aria-label="Create keys at a key manager">
            <input type="hidden" name="intent" value="register" />
            <Field label="Key manager" name="ext-register-km">
              {select("ext-register-km", registering)}
            </Field>
            <Field label="Key type" name="ext-register-type">
              {keyTypeSelect("ext-register-type")}
            </Field>
            <fieldset className="text-sm">
              <legend className="font-medium">Grant types</legend>
              {[...new Set(registering.flatMap((k) => k.grantTypes))].map((g) => (
                <label key={g} className="mr-3 inline-flex items-center gap-1">
                  <input
                    type="checkbox"
                    name="grantTypes"
                    value={g}
                    defaultChecked={g === "client_credentials"}
                  />
                  {g}
                </label>
              ))}
            </fieldset>
            <Field label="Callback URLs (one per line)" name="ext-register-callbacks">
              <textarea id="ext-register-callbacks" name="callbackUrls" rows={2} className={inputClass} />
            </Field>
            <Button type="submit" disabled={pending}>
              Create keys there
            </Button>
          </form>
        )}
        <form action={submit} className="space-y-2" aria-label="Link an existing client">
          <input type="hidden" name="intent" value="link" />
          <Field label="Key manager" name="ext-link-km">
            {select("ext-link-km", keyManagers)}
          </Field>
          <Field label="Key type" name="ext-link-type">
            {keyTypeSelect("ext-link-type")}
          </Field>
          <Field label="Client id" name="ext-link-client">
            <input id="ext-link-client" name="clientId" className={inputClass} required />
          </Field>
          <Field label="A client-credentials token of that client" name="ext-link-token">
            <input
              id="ext-link-token"
              name="accessToken"
              className={inputClass}
              autoComplete="off"
              required
            />
          </Field>
          <Button type="submit" tone="secondary" disabled={pending}>
            Link client
          </Button>
        </form>
        <form action={submit} className="space-y-2" aria-label="Get a token from the key manager">
          <input type="hidden" name="intent" value="token" />
          <Field label="Key type" name="ext-token-type">
            {keyTypeSelect("ext-token-type")}
          </Field>
          <Field label="Consumer secret" name="ext-token-secret">
            <input
              id="ext-token-secret"
              name="consumerSecret"
              type="password"
              className={inputClass}
              autoComplete="off"
              required
            />
          </Field>
          <Field label="Scopes (space separated)" name="ext-token-scopes">
            <input id="ext-token-scopes" name="scopes" className={inputClass} />
          </Field>
          <Button type="submit" tone="secondary" disabled={pending}>
            Get token
          </Button>
        </form>
      </div>
    </section>
  );
}
