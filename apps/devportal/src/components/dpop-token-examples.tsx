"use client";

import { Field, inputClass } from "@portico/ui";
import { CopyButton } from "./copy-button";
import { dpopAlgorithm, dpopCurlExample, dpopOpenIdClientExample } from "./dpop-examples";
import { readDpopKey } from "./dpop-key";

/** The token form's choice of a bearer or a DPoP-bound token, and the public key for the latter. */
export function DpopBindingFields({
  binding,
  onBinding,
  jwkText,
  onJwkText,
  error,
}: {
  binding: "bearer" | "dpop";
  onBinding: (binding: "bearer" | "dpop") => void;
  jwkText: string;
  onJwkText: (text: string) => void;
  error?: string;
}) {
  // said while typing, before anything is sent: a private key must not be pasted at all
  const reading = jwkText.trim() ? readDpopKey(jwkText) : null;
  const shown = error ?? (reading && "error" in reading ? reading.error : undefined);
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">Token binding</legend>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="binding"
            value="bearer"
            checked={binding === "bearer"}
            onChange={() => onBinding("bearer")}
          />
          Bearer token
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="binding"
            value="dpop"
            checked={binding === "dpop"}
            onChange={() => onBinding("dpop")}
          />
          DPoP-bound to my key (RFC 9449)
        </label>
      </div>
      {binding === "dpop" && (
        <Field
          label="DPoP public key (JWK)"
          name="token-jwk"
          error={shown}
          hint="The public JWK of an EC, RSA or Ed25519 key you hold. The token works only with proofs signed by its private key, which never leaves your side."
        >
          <textarea
            id="token-jwk"
            name="jwk"
            rows={4}
            value={jwkText}
            onChange={(e) => onJwkText(e.target.value)}
            className={`${inputClass} font-mono text-xs`}
            placeholder='{"kty":"EC","crv":"P-256","x":"…","y":"…"}'
            spellCheck={false}
            autoComplete="off"
            aria-invalid={Boolean(shown)}
            aria-describedby={shown ? "token-jwk-error" : undefined}
          />
        </Field>
      )}
    </fieldset>
  );
}

function Example({ title, value, testId }: { title: string; value: string; testId: string }) {
  return (
    <div>
      <div className="flex items-center justify-between">
        <p className="text-sm font-medium">{title}</p>
        <CopyButton value={value} label={`Copy ${title.toLowerCase()}`} />
      </div>
      <pre
        data-testid={testId}
        className="mt-1 rounded bg-slate-900 p-3 text-xs whitespace-pre-wrap break-all text-slate-100"
      >
        {value}
      </pre>
    </div>
  );
}

/** How to use a DPoP-bound token: with curl (a proof made by Node and jose) and with openid-client. */
export function DpopTokenExamples({
  token,
  jwkText,
  target,
  issuer,
  clientId,
  scope,
  caFile,
  thumbprint,
}: {
  token: string;
  jwkText: string;
  target: { method: string; url: string } | null;
  issuer: string;
  clientId: string | null;
  scope: string;
  caFile: string | null;
  thumbprint: string;
}) {
  const reading = readDpopKey(jwkText);
  const input = {
    token,
    alg: "jwk" in reading ? dpopAlgorithm(reading.jwk) : "ES256",
    method: target?.method ?? "GET",
    url: target?.url ?? "<gateway URL of a resource>",
    issuer,
    clientId,
    scope,
    caFile,
  };
  return (
    <div className="space-y-3" data-testid="dpop-examples">
      <p className="text-sm text-slate-600">
        Bound to the key with thumbprint <code className="font-mono text-xs">{thumbprint}</code>. Send it as{" "}
        <code>Authorization: DPoP …</code> with a new <code>DPoP</code> proof for every call, signed by your
        private key; without one the gateway answers 401.
      </p>
      <Example title="Call it with curl" value={dpopCurlExample(input)} testId="dpop-curl" />
      <Example
        title="Call it with openid-client"
        value={dpopOpenIdClientExample(input)}
        testId="dpop-openid-client"
      />
    </div>
  );
}
