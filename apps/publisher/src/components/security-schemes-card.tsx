"use client";

import type { SecuritySchemes } from "@portico/api-policies";
import { Alert, Button, Card, inputClass } from "@portico/ui";
import { submitKeepingValues } from "@portico/ui/submit-keeping-values";
import { type ReactNode, useActionState, useState } from "react";
import type { FormState } from "@/server/operations";

/** An error under the control it is about, announced when it appears. */
function FieldError({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p id={id} role="alert" className="mt-1 text-xs text-red-600">
      {text}
    </p>
  ) : null;
}

function Scheme({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 p-4">
      <legend className="px-1 text-sm font-semibold">{legend}</legend>
      <div className="space-y-3">{children}</div>
    </fieldset>
  );
}

/**
 * Which credentials the gateway accepts for this API: OAuth 2.0 access tokens (bearer, or
 * DPoP-bound only), API keys (the header, the query parameter when allowed, the resources), a
 * client certificate (mutual TLS) on top, and whether one or all of the credentials are needed.
 * The developer portal, its try-it console and the exported OpenAPI show the same choice.
 */
export function SecuritySchemesCard({
  action,
  initial,
  resources,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  initial: SecuritySchemes;
  resources: Array<{ method: string; path: string }>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const [oauth2, setOauth2] = useState(initial.oauth2.enabled);
  const [apiKey, setApiKey] = useState(initial.apiKey.enabled);
  const [queryAllowed, setQueryAllowed] = useState(Boolean(initial.apiKey.queryParameter));
  const err = (f: string) => state.fields?.[f];
  const describedBy = (f: string, id: string, hint?: string) =>
    [err(f) ? id : undefined, hint].filter(Boolean).join(" ") || undefined;
  const fieldErrors = Object.keys(state.fields ?? {}).length > 0;

  return (
    <Card title="Security schemes">
      <form
        onSubmit={submitKeepingValues(submit)}
        className="space-y-4"
        aria-label="Security schemes"
        data-testid="security-schemes"
        noValidate
      >
        <p className="text-sm text-slate-600">
          The credentials the gateway accepts for this API. Developers see them on the API's page, in the
          try-it console and in the OpenAPI document.
        </p>
        <FieldError id="schemes-error" text={err("schemes")} />
        <div className="grid gap-4 lg:grid-cols-2">
          <Scheme legend="OAuth 2.0">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="oauth2.enabled"
                checked={oauth2}
                onChange={(e) => setOauth2(e.target.checked)}
                aria-describedby={err("schemes") ? "schemes-error" : undefined}
              />
              Accept access tokens from the key manager
            </label>
            <div>
              <label htmlFor="schemes-dpop" className="block text-sm font-medium text-slate-700">
                Token binding
              </label>
              <select
                id="schemes-dpop"
                name="oauth2.dpop"
                defaultValue={initial.oauth2.dpop}
                className={`${inputClass} mt-1`}
                aria-invalid={Boolean(err("oauth2.dpop"))}
                aria-describedby={describedBy("oauth2.dpop", "schemes-dpop-error")}
              >
                <option value="optional">Bearer or DPoP-bound tokens</option>
                <option value="required">DPoP-bound tokens only (RFC 9449)</option>
              </select>
              <FieldError id="schemes-dpop-error" text={err("oauth2.dpop")} />
            </div>
          </Scheme>

          <Scheme legend="API key">
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="apiKey.enabled"
                checked={apiKey}
                onChange={(e) => setApiKey(e.target.checked)}
              />
              Accept API keys
            </label>
            {/* hidden, not removed, while keys are off: turning them back on keeps these settings */}
            <div hidden={!apiKey} className="space-y-3">
              <div>
                <label htmlFor="schemes-header" className="block text-sm font-medium text-slate-700">
                  Header name
                </label>
                <input
                  id="schemes-header"
                  name="apiKey.header"
                  defaultValue={initial.apiKey.header}
                  className={`${inputClass} mt-1 font-mono`}
                  autoComplete="off"
                  spellCheck={false}
                  aria-invalid={Boolean(err("apiKey.header"))}
                  aria-describedby={describedBy("apiKey.header", "schemes-header-error")}
                />
                <FieldError id="schemes-header-error" text={err("apiKey.header")} />
              </div>
              <label className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="apiKey.queryAllowed"
                  checked={queryAllowed}
                  onChange={(e) => setQueryAllowed(e.target.checked)}
                />
                Also accept the key in a query parameter (URLs end up in logs)
              </label>
              {queryAllowed && (
                <div>
                  <label htmlFor="schemes-query" className="block text-sm font-medium text-slate-700">
                    Query parameter name
                  </label>
                  <input
                    id="schemes-query"
                    name="apiKey.queryParameter"
                    defaultValue={initial.apiKey.queryParameter ?? "apikey"}
                    className={`${inputClass} mt-1 font-mono`}
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={Boolean(err("apiKey.queryParameter"))}
                    aria-describedby={describedBy("apiKey.queryParameter", "schemes-query-error")}
                  />
                  <FieldError id="schemes-query-error" text={err("apiKey.queryParameter")} />
                </div>
              )}
              <fieldset
                aria-describedby={describedBy(
                  "apiKey.resources",
                  "schemes-resources-error",
                  "schemes-resources-hint",
                )}
              >
                <legend className="text-sm font-medium text-slate-700">Resources that accept API keys</legend>
                <p id="schemes-resources-hint" className="text-xs text-slate-500">
                  None ticked: every resource.
                </p>
                <ul className="mt-1 space-y-1">
                  {resources.map((r) => {
                    const name = `${r.method} ${r.path}`;
                    return (
                      <li key={name}>
                        <label className="flex items-center gap-2 font-mono text-xs">
                          <input
                            type="checkbox"
                            name="apiKey.resources"
                            value={name}
                            defaultChecked={initial.apiKey.resources.includes(name)}
                          />
                          {name}
                        </label>
                      </li>
                    );
                  })}
                </ul>
                <FieldError id="schemes-resources-error" text={err("apiKey.resources")} />
              </fieldset>
            </div>
          </Scheme>

          <Scheme legend="Mutual TLS">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="mutualTls.enabled" defaultChecked={initial.mutualTls.enabled} />
              Require a client certificate the gateway's client CA vouches for (RFC 8705)
            </label>
            <p className="text-xs text-slate-500">
              In addition to the token or key that names the application.
            </p>
          </Scheme>

          <Scheme legend="When several are accepted">
            <div className="space-y-1 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="require" value="any" defaultChecked={initial.require === "any"} />
                Any one of them is enough
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="require" value="all" defaultChecked={initial.require === "all"} />
                All of them are needed on every call
              </label>
            </div>
            <FieldError id="schemes-require-error" text={err("require")} />
          </Scheme>
        </div>
        <Button type="submit" disabled={pending} aria-busy={pending}>
          Save security schemes
        </Button>
        {state.message && (
          <Alert tone={state.ok ? "green" : "red"}>
            {fieldErrors ? "Check the fields marked above." : state.message}
          </Alert>
        )}
      </form>
    </Card>
  );
}
