"use client";

import { Alert, Button, Field, inputClass } from "@portico/ui";
import { type ChangeEvent, type FormEvent, startTransition, useActionState, useState } from "react";
import type { FormState } from "@/server/operations";

export type ProviderType = "SAML2" | "KERBEROS" | "NTLM" | "OIDC";

/** What the form shows of a stored provider (never a keytab: only whether one is stored). */
export interface ProviderInitial {
  type: ProviderType;
  name: string;
  issuer: string;
  certificates: string[];
  jwksUri: string | null;
  audience: string | null;
  clockSkewSeconds: number;
  mapping: unknown;
  provisionUsers: boolean;
  allowSha1: boolean;
  hasKeytab: boolean;
  enabled: boolean;
}

/** The server reports `certificates.1`; show it under `certificates`. */
function errorFor(fields: Record<string, string> | undefined, name: string): string | undefined {
  if (!fields) return undefined;
  if (fields[name]) return fields[name];
  const nested = Object.entries(fields).find(([key]) => key.startsWith(`${name}.`));
  if (!nested) return undefined;
  const index = Number(nested[0].split(".")[1]);
  return Number.isInteger(index) ? `certificate ${index + 1}: ${nested[1]}` : nested[1];
}

/** The mapping JSON as the form's fields (see provider-body.ts for the way back). */
function mappingFields(mapping: unknown) {
  const m = (mapping && typeof mapping === "object" ? mapping : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x) => typeof x === "string").join(", ") : "");
  const roles = m.roles as unknown;
  const byValue =
    roles && typeof roles === "object" && !Array.isArray(roles)
      ? (roles as Record<string, unknown>)
      : undefined;
  const map = (byValue?.map ?? {}) as Record<string, unknown>;
  return {
    username: str(m.username),
    email: str(m.email),
    displayName: str(m.displayName),
    rolesFrom: str(byValue?.from),
    roleMap: Object.entries(map)
      .map(([value, to]) => `${value} = ${strings(to)}`)
      .join("\n"),
    defaultRoles: Array.isArray(roles) ? strings(roles) : strings(byValue?.default),
    syncRoles: typeof m.syncRoles === "boolean" ? m.syncRoles : true,
    allowedRealms: strings(m.allowedRealms),
  };
}

const identityValues: Record<ProviderType, string> = {
  SAML2: "nameId, attribute:<Name>",
  KERBEROS: "principal, localPart, realm",
  NTLM: "user (lower-case), domainUser, domain",
  OIDC: "claim names",
};
const defaultUsername: Record<ProviderType, string> = {
  SAML2: "nameId",
  KERBEROS: "localPart",
  NTLM: "user",
  OIDC: "sub",
};

/**
 * Create or edit one trusted identity provider. Submitted without the browser's form reset, so a
 * refused form keeps what the admin typed; each server-side error shows under its field.
 */
export function IdentityProviderForm({
  action,
  type,
  initial,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  type: ProviderType;
  initial?: ProviderInitial;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const [keytab, setKeytab] = useState("");
  const [keytabError, setKeytabError] = useState<string>();
  const [allowSha1, setAllowSha1] = useState(initial?.allowSha1 ?? false);
  const mapping = mappingFields(initial?.mapping);
  const editing = initial !== undefined;
  const err = (name: string) => errorFor(state.fields, name);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => submit(data));
  }

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

  const input = (
    name: string,
    props: { defaultValue?: string; placeholder?: string; required?: boolean } = {},
  ) => (
    <input
      id={name}
      name={name}
      className={inputClass}
      aria-invalid={Boolean(err(name))}
      defaultValue={props.defaultValue}
      placeholder={props.placeholder}
      required={props.required}
    />
  );

  return (
    <form onSubmit={onSubmit} className="space-y-6" aria-busy={pending} data-testid={`idp-form-${type}`}>
      <input type="hidden" name="type" value={type} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Name"
          name="name"
          error={err("name") ?? err("type")}
          hint={
            editing ? "Fixed: provisioned users are linked to it." : "1-60 letters, digits, spaces, . - _"
          }
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

      <fieldset className="rounded-md border border-slate-200 p-4">
        <legend className="px-1 text-sm font-medium text-slate-700">User and role mapping</legend>
        <p className="mb-3 text-xs text-slate-500">Values this provider proves: {identityValues[type]}.</p>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Username from" name="mappingUsername" hint={`Empty: ${defaultUsername[type]}`}>
            {input("mappingUsername", {
              defaultValue: mapping.username,
              placeholder: type === "SAML2" ? "attribute:uid" : defaultUsername[type],
            })}
          </Field>
          <Field label="Email from" name="mappingEmail">
            {input("mappingEmail", { defaultValue: mapping.email })}
          </Field>
          <Field label="Display name from" name="mappingDisplayName">
            {input("mappingDisplayName", { defaultValue: mapping.displayName })}
          </Field>
          <Field label="Roles from" name="rolesFrom" error={err("rolesFrom")} hint="e.g. attribute:groups">
            {input("rolesFrom", { defaultValue: mapping.rolesFrom })}
          </Field>
          <Field
            label="Role map"
            name="roleMap"
            error={err("roleMap")}
            hint="One per line: value = role, role"
          >
            <textarea
              id="roleMap"
              name="roleMap"
              rows={3}
              defaultValue={mapping.roleMap}
              placeholder="api-admins = admin"
              className={`${inputClass} font-mono text-xs`}
              aria-invalid={Boolean(err("roleMap"))}
            />
          </Field>
          <Field label="Default roles" name="defaultRoles" hint="When nothing maps (comma-separated).">
            {input("defaultRoles", { defaultValue: mapping.defaultRoles, placeholder: "developer" })}
          </Field>
        </div>
      </fieldset>

      <div className="space-y-2">
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={initial?.enabled ?? true} /> Enabled
        </label>
        {type !== "NTLM" && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="provisionUsers" defaultChecked={initial?.provisionUsers ?? false} />{" "}
            Provision unknown users (created without a password, with the mapped roles)
          </label>
        )}
        {type === "SAML2" && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="syncRoles" defaultChecked={mapping.syncRoles} /> Re-apply mapped
            roles at every sign-in of users this provider provisioned
          </label>
        )}
        {type === "SAML2" && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="allowSha1"
              checked={allowSha1}
              onChange={(e) => setAllowSha1(e.target.checked)}
            />{" "}
            Allow SHA-1 signatures
          </label>
        )}
        {type === "SAML2" && allowSha1 && (
          <Alert tone="amber">
            SHA-1 signatures can be forged (practical collisions). Allow them only for an identity provider
            that cannot sign with SHA-256, and have it upgraded.
          </Alert>
        )}
        {type === "NTLM" && (
          <p className="text-xs text-slate-500">
            NTLM cannot provision users: a user signs in only once an admin has set their NT hash (below the
            list of providers).
          </p>
        )}
      </div>

      {state.message && (
        <Alert tone={state.ok ? "green" : "red"}>
          {state.message}
          {err("mapping") && type !== "KERBEROS" && <> — mapping: {err("mapping")}</>}
        </Alert>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : editing ? "Save" : "Add identity provider"}
      </Button>
    </form>
  );
}
