import "server-only";
import { AppError, type getIdentityProvider } from "@portico/platform";

// Turns the identity-provider form into the body of createIdentityProvider/updateIdentityProvider,
// and a stored provider back into one (to enable or disable it without retyping its settings).
// The operation validates everything; only what the form itself encodes is checked here.

export type IdentityProviderView = Awaited<ReturnType<typeof getIdentityProvider>>;

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

/** The operation's body from the form. An empty keytab field keeps the stored keytab. */
export function providerBodyOf(form: FormData): Record<string, unknown> {
  const type = text(form, "type");
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
        audience: optional(form, "audience"),
        clockSkewSeconds: number(form, "clockSkewSeconds"),
        allowSha1: checked(form, "allowSha1"),
      };
    case "KERBEROS":
      return {
        ...common,
        realm: text(form, "realm"),
        servicePrincipal: optional(form, "servicePrincipal"),
        keytab: optional(form, "keytab"),
      };
    case "NTLM":
      return { ...common, domain: text(form, "domain") };
    default:
      return {
        ...common,
        issuer: text(form, "issuer"),
        jwksUri: optional(form, "jwksUri"),
        audience: optional(form, "audience"),
        clockSkewSeconds: number(form, "clockSkewSeconds"),
      };
  }
}

/** A stored provider as an update body, with `enabled` changed; the keytab (omitted) is kept. */
export function providerBodyFromView(view: IdentityProviderView, enabled: boolean): Record<string, unknown> {
  const common = {
    type: view.type,
    name: view.name,
    mapping: view.mapping ?? {},
    provisionUsers: view.provisionUsers,
    enabled,
  };
  const audience = view.audience ?? undefined;
  switch (view.type) {
    case "SAML2":
      return {
        ...common,
        entityId: view.issuer,
        certificates: view.certificates,
        audience,
        clockSkewSeconds: view.clockSkewSeconds,
        allowSha1: view.allowSha1,
      };
    case "KERBEROS":
      return { ...common, realm: view.issuer, servicePrincipal: audience };
    case "NTLM":
      return { ...common, domain: view.issuer };
    default:
      return {
        ...common,
        issuer: view.issuer,
        jwksUri: view.jwksUri ?? undefined,
        audience,
        clockSkewSeconds: view.clockSkewSeconds,
      };
  }
}
