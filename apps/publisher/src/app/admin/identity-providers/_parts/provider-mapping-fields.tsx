import { Field, inputClass } from "@portico/ui";
import type { FieldError, MappingFields, ProviderType } from "./provider-form-value";
import { textInputFor } from "./provider-text-input";

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

/** How the provider's users become Portico users: username, email, display name and roles. */
export function ProviderMappingFields({
  type,
  mapping,
  err,
}: {
  type: ProviderType;
  mapping: MappingFields;
  err: FieldError;
}) {
  const input = textInputFor(err);
  return (
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
        <Field label="Role map" name="roleMap" error={err("roleMap")} hint="One per line: value = role, role">
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
  );
}
