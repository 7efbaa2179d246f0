"use client";

import type { listTokenScopes } from "@portico/platform";
import { Alert, Button, Field, inputClass } from "@portico/ui";
import { useActionState, useEffect, useState } from "react";
import type { FormState } from "@/server/operations";
import { CopyButton } from "./copy-button";
import { readDpopKey } from "./dpop-key";
import { DpopBindingFields, DpopTokenExamples } from "./dpop-token-examples";
import { OneTimeValue } from "./one-time-value";
import { rememberRecentToken } from "./recent-tokens";
import { submitKeepingValues } from "./submit-keeping-values";

type TokenScope = Awaited<ReturnType<typeof listTokenScopes>>[number];

/** A subscribed API's resources, for the ready-made curl call. */
export interface CurlTarget {
  baseUrl: string;
  resources: Array<{ method: string; path: string; scopes: string[] }>;
}

/**
 * Generates an access token with chosen scopes and validity, as a bearer token or bound to the
 * developer's DPoP key (RFC 9449: the public JWK is pasted here, the private key stays with the
 * developer, whose client makes the proofs); shows it once with ready-made calls.
 */
export function TokenForm({
  action,
  applicationName,
  keyTypes,
  scopes,
  bounds,
  defaultValidity,
  targets,
  caFile,
  issuer,
  clientIds,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  applicationName: string;
  /** key types whose keys exist, and whether they have the client credentials grant */
  keyTypes: Array<{ keyType: string; clientCredentials: boolean }>;
  scopes: TokenScope[];
  bounds: { min: number; max: number; default: number };
  defaultValidity: number;
  targets: CurlTarget[];
  caFile: string | null;
  /** the key manager's issuer, for the openid-client example */
  issuer: string;
  /** the consumer key of each key type */
  clientIds: Partial<Record<string, string>>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const err = (f: string) => state.fields?.[f];
  const token = typeof state.result?.accessToken === "string" ? state.result.accessToken : null;
  const granted = typeof state.result?.scope === "string" ? state.result.scope : "";
  const expiresIn = typeof state.result?.expiresIn === "number" ? state.result.expiresIn : 0;
  const dpopBound = state.result?.tokenType === "DPoP";
  const [binding, setBinding] = useState<"bearer" | "dpop">("bearer");
  const [jwkText, setJwkText] = useState("");
  const [keyType, setKeyType] = useState("");
  // the platform names a part of the key (jwk.kty); the form has one box for it
  const jwkError = Object.entries(state.fields ?? {}).find(([f]) => f === "jwk" || f.startsWith("jwk."))?.[1];

  useEffect(() => {
    // a DPoP-bound token is useless without its key's proofs, which the try-it console cannot make
    if (token && !dpopBound)
      rememberRecentToken({
        token,
        label: `${applicationName} (${granted || "no scope"})`,
        expiresAt: Date.now() + expiresIn * 1000,
      });
  }, [token, granted, expiresIn, applicationName, dpopBound]);

  const usable = keyTypes.filter((k) => k.clientCredentials);
  const target = bestTarget(granted.split(" ").filter(Boolean), targets);
  const curl = token && target && !dpopBound ? curlCommand(token, target, caFile) : null;

  return (
    <form
      onSubmit={(event) => {
        // a private key (or anything but a public JWK) is not sent anywhere: the box already says why
        if (binding === "dpop" && "error" in readDpopKey(jwkText)) {
          event.preventDefault();
          document.getElementById("token-jwk")?.focus();
          return;
        }
        submitKeepingValues(submit)(event);
      }}
      className="space-y-4"
      noValidate
    >
      {keyTypes.length === 0 ? (
        <p className="text-sm text-slate-600">Generate production or sandbox keys first.</p>
      ) : usable.length === 0 ? (
        <p className="text-sm text-slate-600">
          Tokens from the portal use the client credentials grant: enable it on your keys.
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Key type" name="token-key-type" error={err("keyType")}>
          <select
            id="token-key-type"
            name="keyType"
            className={inputClass}
            defaultValue={usable[0]?.keyType ?? keyTypes[0]?.keyType ?? "PRODUCTION"}
            onChange={(e) => setKeyType(e.target.value)}
            aria-invalid={Boolean(err("keyType"))}
          >
            {(keyTypes.length ? keyTypes.map((k) => k.keyType) : ["PRODUCTION", "SANDBOX"]).map((k) => (
              <option key={k} value={k}>
                {k === "PRODUCTION" ? "Production" : "Sandbox"}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Validity (seconds)"
          name="token-validity"
          error={err("validityPeriod")}
          hint={`Between ${bounds.min} and ${bounds.max} seconds (the administrator's maximum).`}
        >
          <input
            id="token-validity"
            name="validityPeriod"
            type="number"
            min={bounds.min}
            max={bounds.max}
            step={1}
            defaultValue={defaultValidity}
            className={inputClass}
            aria-invalid={Boolean(err("validityPeriod"))}
            aria-describedby={err("validityPeriod") ? "token-validity-error" : "token-validity-bounds"}
          />
        </Field>
      </div>
      <p id="token-validity-bounds" className="sr-only">
        Allowed: {bounds.min} to {bounds.max} seconds.
      </p>

      <fieldset aria-describedby={err("scopes") ? "token-scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">Scopes</legend>
        {scopes.length === 0 ? (
          <p className="mt-1 text-sm text-slate-500">
            No scopes available: subscribe this application to an API whose resources need scopes.
          </p>
        ) : (
          <ul className="mt-2 space-y-2">
            {scopes.map((s) => (
              <li key={s.name} className="flex items-start gap-2">
                <input
                  type="checkbox"
                  id={`scope-${s.name}`}
                  name="scopes"
                  value={s.name}
                  disabled={!s.allowed}
                  aria-describedby={`scope-${s.name}-description`}
                  className="mt-1"
                />
                <div>
                  <label
                    htmlFor={`scope-${s.name}`}
                    className={`font-mono text-sm ${s.allowed ? "" : "text-slate-500"}`}
                  >
                    {s.name}
                  </label>
                  <p id={`scope-${s.name}-description`} className="text-xs text-slate-500">
                    {s.description || "No description."}
                    {s.api ? ` · ${s.api}` : ""}
                    {!s.allowed && ` · Not available to you: needs the role ${s.roles.join(" or ")}.`}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        )}
        {err("scopes") && (
          <p id="token-scopes-error" role="alert" className="mt-1 text-xs text-red-600">
            {err("scopes")}
          </p>
        )}
      </fieldset>

      <DpopBindingFields
        binding={binding}
        onBinding={setBinding}
        jwkText={jwkText}
        onJwkText={setJwkText}
        error={jwkError}
      />

      <Button type="submit" disabled={pending || usable.length === 0} aria-busy={pending}>
        Generate token
      </Button>
      {state.message && <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>}

      {token && (
        <div className="space-y-3">
          <OneTimeValue
            label={dpopBound ? "DPoP-bound access token" : "Access token"}
            value={token}
            testId="access-token"
          />
          <p className="text-sm text-slate-600" data-testid="token-details">
            Expires in {expiresIn} seconds ({new Date(Date.now() + expiresIn * 1000).toLocaleTimeString("en")}
            ). Scopes: {granted || "none"}.
          </p>
          {dpopBound && (
            <DpopTokenExamples
              token={token}
              jwkText={jwkText}
              target={target}
              issuer={issuer}
              clientId={clientIds[keyType || usable[0]?.keyType || "PRODUCTION"] ?? null}
              scope={granted}
              caFile={caFile}
              thumbprint={typeof state.result?.dpopJkt === "string" ? state.result.dpopJkt : ""}
            />
          )}
          {curl && (
            <div>
              <div className="flex items-center justify-between">
                <p className="text-sm font-medium">Call it through the gateway</p>
                <CopyButton value={curl} label="Copy curl command" />
              </div>
              <pre
                data-testid="curl-command"
                className="mt-1 overflow-x-auto rounded bg-slate-900 p-3 text-xs whitespace-pre-wrap break-all text-slate-100"
              >
                {curl}
              </pre>
              {caFile && (
                <p className="mt-1 text-xs text-slate-500">
                  The gateway uses Portico's local certificate authority: <code>--cacert</code> makes curl
                  trust it (or add {caFile} to your system's trusted certificates).
                </p>
              )}
            </div>
          )}
        </div>
      )}
    </form>
  );
}

const shellWord = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * The resource the ready-made calls use: preferably a GET without path parameters whose scopes
 * the token holds.
 */
function bestTarget(granted: string[], targets: CurlTarget[]) {
  const candidates = targets.flatMap((t) => t.resources.map((r) => ({ ...r, url: `${t.baseUrl}${r.path}` })));
  const covered = (r: { scopes: string[] }) => r.scopes.every((s) => granted.includes(s));
  const rank = (r: { method: string; path: string; scopes: string[] }) =>
    (covered(r) ? 0 : 4) + (r.method === "GET" ? 0 : 2) + (r.path.includes("{") ? 1 : 0);
  const best = [...candidates].sort((a, b) => rank(a) - rank(b))[0];
  return best ? { method: best.method, url: best.url } : null;
}

/** A curl call through the gateway with a bearer token. */
function curlCommand(token: string, target: { method: string; url: string }, caFile: string | null) {
  return [
    "curl",
    ...(caFile ? ["--cacert", shellWord(caFile)] : []),
    ...(target.method === "GET" ? [] : ["-X", target.method]),
    "-H",
    `"Authorization: Bearer ${token}"`,
    shellWord(target.url),
  ].join(" ");
}
