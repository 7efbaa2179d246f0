"use client";

import { Field, inputClass } from "@portico/ui";
import type { FieldError, ProviderInitial, ProviderType } from "./provider-form-value";
import { textInputFor } from "./provider-text-input";

/** The provider's name and what identifies it as an issuer: entity id, realm, domain or issuer with its keys. */
export function ProviderIdentityFields({
  type,
  initial,
  err,
}: {
  type: ProviderType;
  initial: ProviderInitial | undefined;
  err: FieldError;
}) {
  const input = textInputFor(err);
  const editing = initial !== undefined;
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        label="Name"
        name="name"
        error={err("name") ?? err("type")}
        hint={editing ? "Fixed: provisioned users are linked to it." : "1-60 letters, digits, spaces, . - _"}
      >
        {editing ? (
          <input
            id="name"
            name="name"
            value={initial.name}
            readOnly
            className={`${inputClass} bg-slate-50`}
          />
        ) : (
          input("name", { required: true })
        )}
      </Field>

      {type === "SAML2" && (
        <Field label="Entity id (Issuer)" name="entityId" error={err("entityId")}>
          {input("entityId", {
            defaultValue: initial?.issuer,
            placeholder: "https://idp.example.com/saml",
            required: true,
          })}
        </Field>
      )}
      {type === "KERBEROS" && (
        <Field label="Realm" name="realm" error={err("realm")}>
          {input("realm", { defaultValue: initial?.issuer, placeholder: "EXAMPLE.COM", required: true })}
        </Field>
      )}
      {type === "NTLM" && (
        <Field label="Windows domain (NetBIOS)" name="domain" error={err("domain")}>
          {input("domain", { defaultValue: initial?.issuer, placeholder: "CORP", required: true })}
        </Field>
      )}
      {type === "OIDC" && (
        <Field label="Issuer" name="issuer" error={err("issuer")}>
          {input("issuer", {
            defaultValue: initial?.issuer,
            placeholder: "https://login.example.com",
            required: true,
          })}
        </Field>
      )}
      {type === "OIDC" && (
        <Field
          label="JWKS URI"
          name="jwksUri"
          error={err("jwksUri")}
          hint="Where the issuer publishes its keys."
        >
          {input("jwksUri", { defaultValue: initial?.jwksUri ?? undefined })}
        </Field>
      )}
      {(type === "SAML2" || type === "OIDC") && (
        <Field
          label="Expected audience"
          name="audience"
          error={err("audience")}
          hint={type === "SAML2" ? "Empty: the key manager's token endpoint URL." : undefined}
        >
          {input("audience", { defaultValue: initial?.audience ?? undefined })}
        </Field>
      )}
      {(type === "SAML2" || type === "OIDC") && (
        <Field label="Clock skew (seconds)" name="clockSkewSeconds" error={err("clockSkewSeconds")}>
          <input
            id="clockSkewSeconds"
            name="clockSkewSeconds"
            type="number"
            min={0}
            max={600}
            defaultValue={initial?.clockSkewSeconds ?? 60}
            className={inputClass}
            aria-invalid={Boolean(err("clockSkewSeconds"))}
          />
        </Field>
      )}
      {type === "KERBEROS" && (
        <Field
          label="Service principal"
          name="servicePrincipal"
          error={err("servicePrincipal")}
          hint="Like HTTP/km.example.com; empty: HTTP/<the key manager's host>."
        >
          {input("servicePrincipal", { defaultValue: initial?.audience ?? undefined })}
        </Field>
      )}
    </div>
  );
}
