"use client";

import type { listCertificates } from "@portico/platform";
import { Alert, Badge, Button, Field, inputClass } from "@portico/ui";
import { useActionState } from "react";
import type { FormState } from "@/server/operations";

type Certificate = Awaited<ReturnType<typeof listCertificates>>[number];

/**
 * The application's client certificates (RFC 8705): register a PEM certificate, see its subject,
 * thumbprint and expiry, remove it. The gateway accepts only these on APIs that require mutual TLS.
 */
export function CertificatesPanel({
  certificates,
  action,
}: {
  certificates: Certificate[];
  action: (prev: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const pemError = state.fields?.pem;
  return (
    <section
      id="certificates"
      aria-labelledby="certificates-title"
      data-testid="certificates"
      className="mt-6 scroll-mt-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="certificates-title" className="mb-1 text-base font-semibold">
        Certificates
      </h2>
      <p className="mb-4 text-sm text-slate-600">
        Client certificates for mutual TLS. APIs that require mutual TLS accept calls from this application
        only over a connection with one of them, and the key manager can authenticate the application's keys
        with them (<code>tls_client_auth</code>, <code>self_signed_tls_client_auth</code>).
      </p>
      {state.message && (
        <div className="mb-3">
          <Alert tone={state.ok ? "green" : "red"}>{state.message}</Alert>
        </div>
      )}
      <ul className="mb-4 divide-y divide-slate-100 rounded-md border border-slate-200 text-sm">
        {certificates.length === 0 && (
          <li className="px-3 py-2 text-slate-500">No certificate registered.</li>
        )}
        {certificates.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
            <div className="min-w-0">
              <p className="font-medium break-all">{c.subjectDn}</p>
              <p className="text-xs text-slate-500">
                x5t#S256 <code className="font-mono break-all">{c.thumbprint}</code> · expires{" "}
                {c.notAfter.slice(0, 10)} {c.expired && <Badge tone="red">expired</Badge>}
              </p>
            </div>
            <form action={submit}>
              <input type="hidden" name="intent" value="remove" />
              <input type="hidden" name="certificateId" value={c.id} />
              <Button type="submit" tone="secondary" disabled={pending} aria-label={`Remove ${c.subjectDn}`}>
                Remove
              </Button>
            </form>
          </li>
        ))}
      </ul>
      <form action={submit} className="space-y-2" aria-label="Register a certificate">
        <input type="hidden" name="intent" value="register" />
        <Field label="PEM certificate" name="certificate-pem">
          <textarea
            id="certificate-pem"
            name="pem"
            rows={6}
            className={`${inputClass} font-mono text-xs`}
            placeholder="-----BEGIN CERTIFICATE-----"
            aria-invalid={pemError ? true : undefined}
            aria-describedby={pemError ? "certificate-pem-error" : undefined}
            spellCheck={false}
          />
        </Field>
        {pemError && (
          <p id="certificate-pem-error" className="text-xs text-red-600">
            {pemError}
          </p>
        )}
        <Button type="submit" disabled={pending} aria-busy={pending}>
          Register certificate
        </Button>
      </form>
    </section>
  );
}
