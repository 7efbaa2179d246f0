"use client";

import {
  BACKEND_JWT_DEFAULT_EXPIRY_SECONDS,
  BACKEND_JWT_DEFAULT_HEADER,
  BACKEND_JWT_MIN_EXPIRY_SECONDS,
} from "@portico/api-policies/settings";
import { Button, Field, inputClass } from "@portico/ui";
import { type ApiSettingsOptions, type ApiSettingsValue, CORS_METHODS } from "./api-settings-value";

function toggle(values: string[], value: string, on: boolean) {
  return on ? [...new Set([...values, value])] : values.filter((v) => v !== value);
}

/** Errors of a field and its children (e.g. backendJwt.claims.sub), joined for one message. */
function errorsUnder(fields: Record<string, string> | undefined, prefix: string) {
  const found = Object.entries(fields ?? {})
    .filter(([k]) => k === prefix || k.startsWith(`${prefix}.`))
    .map(([k, m]) => (k === prefix ? m : `${k.slice(prefix.length + 1)}: ${m}`));
  return found.length ? found.join("; ") : undefined;
}

/** Tiers offered to subscribers, accepted key managers, CORS and the backend JWT of an API. */
export function ApiSettingsFields({
  value,
  onChange,
  options,
  fields,
}: {
  value: ApiSettingsValue;
  onChange: (v: ApiSettingsValue) => void;
  options: ApiSettingsOptions;
  fields: Record<string, string> | undefined;
}) {
  const cors = (patch: Partial<ApiSettingsValue["cors"]>) =>
    onChange({ ...value, cors: { ...value.cors, ...patch } });
  const claims = (next: ApiSettingsValue["backendJwtClaims"]) =>
    onChange({ ...value, backendJwtClaims: next });
  const tierError = errorsUnder(fields, "tiers");
  const kmError = errorsUnder(fields, "keyManagers");
  const corsError = errorsUnder(fields, "cors");
  const jwtError = errorsUnder(fields, "backendJwt");
  return (
    <section className="grid gap-6 rounded-xl border border-slate-200 bg-white p-5 lg:grid-cols-2">
      <fieldset aria-label="Subscription tiers" className="space-y-2">
        <legend className="font-semibold">Subscription tiers</legend>
        <p className="text-xs text-slate-500">What developers can pick when they subscribe.</p>
        <div className="flex flex-wrap gap-4 text-sm">
          {options.tiers.map((t) => (
            <label key={t.name} className="flex items-center gap-1" title={t.description ?? undefined}>
              <input
                type="checkbox"
                aria-label={`Tier ${t.name}`}
                checked={value.tiers.includes(t.name)}
                onChange={(e) => onChange({ ...value, tiers: toggle(value.tiers, t.name, e.target.checked) })}
              />
              {t.name}
            </label>
          ))}
        </div>
        {tierError && (
          <p role="alert" className="text-xs text-red-600">
            {tierError}
          </p>
        )}
      </fieldset>

      <fieldset aria-label="Key managers" className="space-y-2">
        <legend className="font-semibold">Key managers</legend>
        <p className="text-xs text-slate-500">
          Whose access tokens the gateway accepts for this API. None ticked: only Portico's own (resident) key
          manager. Ticking external ones without the resident one refuses Portico's tokens.
        </p>
        <div className="flex flex-wrap gap-4 text-sm">
          {options.keyManagers.map((k) => (
            <label key={k.name} className="flex items-center gap-1">
              <input
                type="checkbox"
                aria-label={`Key manager ${k.name}`}
                checked={value.keyManagers.includes(k.name)}
                onChange={(e) =>
                  onChange({ ...value, keyManagers: toggle(value.keyManagers, k.name, e.target.checked) })
                }
              />
              {k.name}
              {k.type === "RESIDENT" && <span className="text-xs text-slate-500">(resident)</span>}
            </label>
          ))}
        </div>
        {kmError && (
          <p role="alert" className="text-xs text-red-600">
            {kmError}
          </p>
        )}
      </fieldset>

      <fieldset aria-label="CORS" className="space-y-3">
        <legend className="font-semibold">CORS</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={value.cors.enabled}
            onChange={(e) => cors({ enabled: e.target.checked })}
          />
          Answer browsers' cross-origin requests at the gateway
        </label>
        {value.cors.enabled && (
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Allowed origins" name="cors-origins" hint="Comma-separated, * for any">
              <input
                id="cors-origins"
                className={inputClass}
                value={value.cors.origins}
                onChange={(e) => cors({ origins: e.target.value })}
              />
            </Field>
            <Field label="Allowed headers" name="cors-headers" hint="Comma-separated">
              <input
                id="cors-headers"
                className={inputClass}
                value={value.cors.headers}
                onChange={(e) => cors({ headers: e.target.value })}
              />
            </Field>
            <fieldset aria-label="Allowed methods" className="flex flex-wrap gap-3 text-sm sm:col-span-2">
              {CORS_METHODS.map((m) => (
                <label key={m} className="flex items-center gap-1">
                  <input
                    type="checkbox"
                    aria-label={`CORS method ${m}`}
                    checked={value.cors.methods.includes(m)}
                    onChange={(e) => cors({ methods: toggle(value.cors.methods, m, e.target.checked) })}
                  />
                  {m}
                </label>
              ))}
            </fieldset>
            <Field label="Max age (seconds)" name="cors-max-age" hint="How long browsers cache the answer">
              <input
                id="cors-max-age"
                inputMode="numeric"
                className={inputClass}
                value={value.cors.maxAge}
                onChange={(e) => cors({ maxAge: e.target.value })}
              />
            </Field>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={value.cors.credentials}
                onChange={(e) => cors({ credentials: e.target.checked })}
              />
              Allow credentials (cookies, Authorization)
            </label>
          </div>
        )}
        {corsError && (
          <p role="alert" className="text-xs text-red-600">
            {corsError}
          </p>
        )}
      </fieldset>

      <fieldset aria-label="Backend JWT" className="space-y-3">
        <legend className="font-semibold">Backend JWT</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={value.backendJwt}
            onChange={(e) => onChange({ ...value, backendJwt: e.target.checked })}
          />
          Send the caller's identity to the backend as a signed JWT
        </label>
        {value.backendJwt && (
          <>
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Header" name="backend-jwt-header" hint={`Default ${BACKEND_JWT_DEFAULT_HEADER}`}>
                <input
                  id="backend-jwt-header"
                  className={inputClass}
                  value={value.backendJwtHeader}
                  onChange={(e) => onChange({ ...value, backendJwtHeader: e.target.value })}
                />
              </Field>
              <Field
                label="Lifetime (seconds)"
                name="backend-jwt-expiry"
                hint={`Default ${BACKEND_JWT_DEFAULT_EXPIRY_SECONDS}, at least ${BACKEND_JWT_MIN_EXPIRY_SECONDS}`}
              >
                <input
                  id="backend-jwt-expiry"
                  inputMode="numeric"
                  className={inputClass}
                  value={value.backendJwtExpiry}
                  onChange={(e) => onChange({ ...value, backendJwtExpiry: e.target.value })}
                />
              </Field>
            </div>
            <p className="text-xs text-slate-500">
              Extra claims: each is copied from the named claim of the caller's access token (absent there,
              absent here).
            </p>
            {value.backendJwtClaims.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
              <div key={i} className="grid grid-cols-[1fr_1fr_auto] gap-2">
                <input
                  aria-label="Claim name"
                  className={inputClass}
                  placeholder="department"
                  value={c.name}
                  onChange={(e) =>
                    claims(
                      value.backendJwtClaims.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)),
                    )
                  }
                />
                <input
                  aria-label="From token claim"
                  className={inputClass}
                  placeholder="dept"
                  value={c.source}
                  onChange={(e) =>
                    claims(
                      value.backendJwtClaims.map((x, j) => (j === i ? { ...x, source: e.target.value } : x)),
                    )
                  }
                />
                <Button
                  type="button"
                  tone="ghost"
                  onClick={() => claims(value.backendJwtClaims.filter((_, j) => j !== i))}
                >
                  Remove
                </Button>
              </div>
            ))}
            <Button
              type="button"
              tone="secondary"
              onClick={() => claims([...value.backendJwtClaims, { name: "", source: "" }])}
            >
              Add claim
            </Button>
          </>
        )}
        {jwtError && (
          <p role="alert" className="text-xs text-red-600">
            {jwtError}
          </p>
        )}
      </fieldset>

      <fieldset aria-label="Authorization header" className="space-y-1">
        <legend className="font-semibold">Authorization header</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={value.forwardAuthorization}
            onChange={(e) => onChange({ ...value, forwardAuthorization: e.target.checked })}
          />
          Pass the caller's Authorization header (their access token) on to the backend
        </label>
        <p className="text-xs text-slate-500">
          Off by default: the gateway checks the token and the backend never sees it. Prefer the backend JWT,
          which carries the caller's identity signed by the gateway.
        </p>
      </fieldset>

      <fieldset aria-label="Method override" className="space-y-1">
        <legend className="font-semibold">Method override</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={value.allowMethodOverride}
            onChange={(e) => onChange({ ...value, allowMethodOverride: e.target.checked })}
          />
          Pass X-HTTP-Method-Override, X-HTTP-Method and X-Method-Override on to the backend
        </label>
        <p className="text-xs text-slate-500">
          Off by default: the gateway authorizes the call's own method, and a backend that honours these
          headers would run another one. Turn on only for clients that cannot send PUT, PATCH or DELETE.
        </p>
      </fieldset>
    </section>
  );
}
