"use client";

import { Alert, Button, Field, inputClass } from "@portico/ui";
import { useActionState, useEffect, useState } from "react";
import type { TryItState } from "@/app/apis/[id]/call-gateway";
import { type RecentToken, readRecentTokens } from "./recent-tokens";
import { submitKeepingValues } from "./submit-keeping-values";

export interface ConsoleResource {
  id: string;
  method: string;
  path: string;
  scopes: string[];
  authRequired: boolean;
}

/** What the API's publisher accepts, as far as the console can send it. */
export interface ConsoleCredentials {
  /** OAuth 2.0 access tokens; `dpopOnly`: only DPoP-bound ones, whose proofs the console cannot make */
  token: { dpopOnly: boolean } | null;
  /** API keys, in this header, on these resources (`METHOD /path`; empty: all) */
  apiKey: { header: string; resources: string[] } | null;
  /** "all": every credential above on each call */
  require: "any" | "all";
}

const pathParams = (path: string) => [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");

/** Calls a resource of the API through the gateway (from the server) with a chosen token or API key. */
export function TryItConsole({
  action,
  resources,
  credentials,
}: {
  action: (prev: TryItState, form: FormData) => Promise<TryItState>;
  resources: ConsoleResource[];
  credentials: ConsoleCredentials;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const [resourceId, setResourceId] = useState(resources[0]?.id ?? "");
  const [token, setToken] = useState("");
  const [recent, setRecent] = useState<RecentToken[]>([]);
  useEffect(() => {
    // The newest token generated in this tab is the one the developer most likely wants.
    const tokens = readRecentTokens();
    setRecent(tokens);
    if (tokens[0]) setToken(tokens[0].token);
  }, []);
  // The reference's "Try …" links point at #try-<resource id>: select that resource here.
  useEffect(() => {
    const select = () => {
      const id = window.location.hash.startsWith("#try-") ? window.location.hash.slice(5) : "";
      if (!resources.some((r) => r.id === id)) return;
      setResourceId(id);
      document.getElementById("try-it")?.scrollIntoView();
      document.getElementById("try-resource")?.focus();
    };
    select();
    window.addEventListener("hashchange", select);
    return () => window.removeEventListener("hashchange", select);
  }, [resources]);
  const resource = resources.find((r) => r.id === resourceId);
  const err = (f: string) => state.fields?.[f];
  const keyAccepted = Boolean(
    resource &&
      credentials.apiKey &&
      (credentials.apiKey.resources.length === 0 ||
        credentials.apiKey.resources.includes(`${resource.method} ${resource.path}`)),
  );
  const needs = [
    ...(credentials.token
      ? [
          resource?.scopes.length
            ? `a token with: ${resource.scopes.join(", ")}`
            : "a token (no particular scope)",
        ]
      : []),
    ...(keyAccepted && credentials.apiKey ? [`an API key in the ${credentials.apiKey.header} header`] : []),
  ];
  const sendsBody = resource && !["GET", "HEAD", "DELETE", "OPTIONS"].includes(resource.method);

  return (
    <form onSubmit={submitKeepingValues(submit)} className="space-y-4" aria-label="Try it">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Resource" name="try-resource" error={err("resourceId")}>
          <select
            id="try-resource"
            name="resourceId"
            className={inputClass}
            value={resourceId}
            onChange={(e) => setResourceId(e.target.value)}
          >
            {resources.map((r) => (
              <option key={r.id} value={r.id}>
                {r.method} {r.path}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Query string" name="try-query" hint="e.g. limit=10&sort=name">
          <input id="try-query" name="query" className={inputClass} autoComplete="off" />
        </Field>
        {resource &&
          pathParams(resource.path).map((name) => (
            <Field
              key={`${resource.id}-${name}`}
              label={`Path parameter ${name}`}
              name={`try-param-${name}`}
              error={err(`param.${name}`)}
            >
              <input
                id={`try-param-${name}`}
                name={`param.${name}`}
                className={inputClass}
                aria-invalid={Boolean(err(`param.${name}`))}
                required
              />
            </Field>
          ))}
      </div>
      {resource && (
        <p className="text-xs text-slate-500" data-testid="try-it-needs">
          {resource.authRequired
            ? `Needs ${needs.join(credentials.require === "all" ? " and " : " or ")}`
            : "Open: no credential needed"}
        </p>
      )}
      {credentials.token?.dpopOnly && (
        <p className="text-sm text-amber-800">
          This API takes only DPoP-bound tokens, whose proofs the console cannot sign for you
          {credentials.apiKey ? ": call it with an API key here" : ""}, or use the examples shown with a
          DPoP-bound token on your application's page.
        </p>
      )}
      {credentials.token && recent.length === 0 && (
        <p className="text-sm text-slate-600" data-testid="try-it-no-tokens">
          Tokens you generate on an{" "}
          <a href="/applications" className="text-brand-700 underline">
            application's page
          </a>{" "}
          are offered here for as long as this tab stays open.
        </p>
      )}
      {credentials.token && recent.length > 0 && (
        <Field label="Recent token" name="try-recent-token" hint="Tokens you generated in this browser tab">
          <select
            id="try-recent-token"
            className={inputClass}
            value={recent.some((t) => t.token === token) ? token : ""}
            onChange={(e) => setToken(e.target.value)}
          >
            <option value="">Choose…</option>
            {recent.map((t) => (
              <option key={t.token} value={t.token}>
                {t.label} · expires {new Date(t.expiresAt).toLocaleTimeString()}
              </option>
            ))}
          </select>
        </Field>
      )}
      {credentials.token && (
        <Field
          label="Access token"
          name="try-token"
          error={err("token")}
          hint="Paste a token from one of your applications"
        >
          <input
            id="try-token"
            name="token"
            className={`${inputClass} font-mono`}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={Boolean(err("token"))}
          />
        </Field>
      )}
      {credentials.apiKey && (
        <Field
          label="API key"
          name="try-api-key"
          error={err("apiKey")}
          hint={
            keyAccepted
              ? `Sent in the ${credentials.apiKey.header} header. Keys are made on an application's page.`
              : "This resource does not accept API keys."
          }
        >
          <input
            id="try-api-key"
            name="apiKey"
            type="password"
            className={`${inputClass} font-mono`}
            autoComplete="off"
            spellCheck={false}
            disabled={!keyAccepted}
            aria-invalid={Boolean(err("apiKey"))}
          />
        </Field>
      )}
      {sendsBody && (
        <div className="grid gap-4 sm:grid-cols-[1fr_14rem]">
          <Field label="Request body" name="try-body" error={err("body")}>
            <textarea
              id="try-body"
              name="body"
              rows={5}
              className={`${inputClass} font-mono`}
              spellCheck={false}
            />
          </Field>
          <Field label="Content type" name="try-content-type">
            <input
              id="try-content-type"
              name="contentType"
              className={inputClass}
              defaultValue="application/json"
            />
          </Field>
        </div>
      )}
      <Button type="submit" disabled={pending || !resource} aria-busy={pending}>
        Send request
      </Button>
      {state.message && <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>}
      {state.request && (
        <p className="font-mono text-xs text-slate-600" data-testid="try-it-request">
          {state.request.method} {state.request.url}
        </p>
      )}
      {state.response && (
        <section aria-label="Response" className="space-y-2 rounded-lg border border-slate-200 p-3">
          <p className="text-sm">
            Status{" "}
            <strong
              data-testid="try-it-status"
              className={state.response.status < 400 ? "text-emerald-700" : "text-red-700"}
            >
              {state.response.status} {state.response.statusText}
            </strong>{" "}
            <span className="text-xs text-slate-500">in {state.response.durationMs} ms</span>
          </p>
          <details>
            <summary className="cursor-pointer text-sm text-slate-600">
              Headers ({state.response.headers.length})
            </summary>
            <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 font-mono text-xs">
              {state.response.headers.map(([name, value]) => (
                <div key={name} className="contents">
                  <dt className="text-slate-500">{name}</dt>
                  <dd className="break-all">{value}</dd>
                </div>
              ))}
            </dl>
          </details>
          <pre
            data-testid="try-it-body"
            className="max-h-96 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100"
          >
            {prettyBody(state.response.body)}
          </pre>
          {state.response.truncated && <p className="text-xs text-amber-700">Body cut at 64 KiB.</p>}
        </section>
      )}
    </form>
  );
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
