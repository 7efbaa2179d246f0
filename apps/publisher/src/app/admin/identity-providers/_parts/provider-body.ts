import "server-only";
import { AppError } from "@portico/platform";

// Turns the identity-provider form into the body of createIdentityProvider/updateIdentityProvider.
// The operation validates everything; only what the form itself encodes is checked here.

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const optional = (form: FormData, name: string) => text(form, name) || undefined;
const checked = (form: FormData, name: string) => form.get(name) === "on";
const list = (value: string) =>
  value
    .split(/[\s,]+/)
    .map((v) => v.trim())
    .filter(Boolean);
const number = (form: FormData, name: string) => (text(form, name) ? Number(text(form, name)) : undefined);

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Each PEM block of the text area is one certificate; any other text is kept so the operation refuses it. */
function certificatesOf(value: string): string[] {
  const blocks = value.match(PEM) ?? [];
  const rest = value.replace(PEM, "").trim();
  return rest ? [...blocks, rest] : blocks;
}

/** `value = role, role` per line. */
function roleMapOf(value: string): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [index, raw] of value.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.lastIndexOf("=");
    const key = at > 0 ? line.slice(0, at).trim() : "";
    const roles = at > 0 ? list(line.slice(at + 1)) : [];
    if (!key || roles.length === 0)
      throw new AppError("VALIDATION_FAILED", `role map line ${index + 1}: write "value = role, role"`, {
        fields: [{ field: "roleMap", message: `line ${index + 1}: write "value = role, role"` }],
      });
    map[key] = roles;
  }
  return map;
}

/** The `mapping` JSON the key manager reads (see its README: Mapping). */
function mappingOf(form: FormData, type: string): Record<string, unknown> {
  const mapping: Record<string, unknown> = {};
  for (const [field, key] of [
    ["mappingUsername", "username"],
    ["mappingEmail", "email"],
    ["mappingDisplayName", "displayName"],
  ] as const) {
    const value = optional(form, field);
    if (value) mapping[key] = value;
  }
  const from = optional(form, "rolesFrom");
  const map = roleMapOf(String(form.get("roleMap") ?? ""));
  const defaults = list(text(form, "defaultRoles"));
  if (from) mapping.roles = { from, map, default: defaults };
  else if (Object.keys(map).length > 0)
    throw new AppError("VALIDATION_FAILED", "a role map needs the value it reads", {
      fields: [{ field: "rolesFrom", message: "name the value the role map reads, e.g. attribute:groups" }],
    });
  else if (defaults.length > 0) mapping.roles = defaults;
  if (type === "SAML2") mapping.syncRoles = checked(form, "syncRoles");
  if (type === "KERBEROS") {
    const realms = list(text(form, "allowedRealms"));
    if (realms.length > 0) mapping.allowedRealms = realms;
  }
  return mapping;
}

/**
 * The operation's body from the form. An empty keytab field keeps the stored keytab; editing, an
 * emptied optional field is sent as null, which clears it (an update is partial: omitted = kept).
 */
export function providerBodyOf(form: FormData, { editing = false } = {}): Record<string, unknown> {
  const type = text(form, "type");
  const clearable = (name: string) => optional(form, name) ?? (editing ? null : undefined);
  const common = {
    type,
    name: text(form, "name"),
    mapping: mappingOf(form, type),
    provisionUsers: checked(form, "provisionUsers"),
    enabled: checked(form, "enabled"),
  };
  switch (type) {
    case "SAML2":
      return {
        ...common,
        entityId: text(form, "entityId"),
        certificates: certificatesOf(String(form.get("certificates") ?? "")),
        audience: clearable("audience"),
        clockSkewSeconds: number(form, "clockSkewSeconds"),
        allowSha1: checked(form, "allowSha1"),
      };
    case "KERBEROS":
      return {
        ...common,
        realm: text(form, "realm"),
        servicePrincipal: clearable("servicePrincipal"),
        keytab: optional(form, "keytab"),
      };
    case "NTLM":
      return { ...common, domain: text(form, "domain") };
    default:
      return {
        ...common,
        issuer: text(form, "issuer"),
        jwksUri: clearable("jwksUri"),
        audience: clearable("audience"),
        clockSkewSeconds: number(form, "clockSkewSeconds"),
      };
  }
}
