"use client";

import { Field, inputClass } from "@portico/ui";
import { type ChangeEvent, useState } from "react";
import type { FieldError, MappingFields, ProviderInitial, ProviderType } from "./provider-form-value";
import { textInputFor } from "./provider-text-input";

/** What a provider proves with: SAML signing certificates, or a Kerberos keytab and the realms it trusts. */
export function ProviderCredentialFields({
  type,
  initial,
  mapping,
  err,
}: {
  type: ProviderType;
  initial: ProviderInitial | undefined;
  mapping: MappingFields;
  err: FieldError;
}) {
  const [keytab, setKeytab] = useState("");
  const [keytabError, setKeytabError] = useState<string>();
  const input = textInputFor(err);

  async function loadKeytab(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setKeytabError(undefined);
    if (!file) return setKeytab("");
    if (file.size > 64 * 1024) {
      setKeytab("");
      return setKeytabError("a keytab is a few hundred bytes; this file is too large");
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    setKeytab(btoa(binary));
  }

  return (
    <>
      {type === "SAML2" && (
        <Field
          label="Signing certificates (PEM)"
          name="certificates"
          error={err("certificates")}
          hint="One or more (up to 5) -----BEGIN CERTIFICATE----- blocks: add the next one before the IdP rotates its key."
        >
          <textarea
            id="certificates"
            name="certificates"
            rows={8}
            spellCheck={false}
            defaultValue={initial?.certificates.join("\n")}
            className={`${inputClass} font-mono text-xs`}
            aria-invalid={Boolean(err("certificates"))}
            required
          />
        </Field>
      )}

      {type === "KERBEROS" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Service keytab"
            name="keytabFile"
            error={keytabError ?? err("keytab")}
            hint={
              initial?.hasKeytab
                ? "A keytab is stored (encrypted). Choose a file only to replace it."
                : "The keytab file of the service principal; stored encrypted, never shown again."
            }
          >
            <input id="keytabFile" type="file" onChange={loadKeytab} className="text-sm" />
          </Field>
          <input type="hidden" name="keytab" value={keytab} />
          <Field
            label="Also accept principals of these realms"
            name="allowedRealms"
            error={err("mapping")}
            hint="Cross-realm trust; separated by commas or spaces."
          >
            {input("allowedRealms", { defaultValue: mapping.allowedRealms })}
          </Field>
        </div>
      )}
    </>
  );
}
