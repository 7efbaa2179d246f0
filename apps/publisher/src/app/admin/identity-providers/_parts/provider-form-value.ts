// What the identity-provider form shows of a stored provider, shared by its parts.

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

/** The error the server reported for a field, if any. */
export type FieldError = (name: string) => string | undefined;

/** The server reports `certificates.1`; show it under `certificates`. */
export function errorFor(fields: Record<string, string> | undefined, name: string): string | undefined {
  if (!fields) return undefined;
  if (fields[name]) return fields[name];
  const nested = Object.entries(fields).find(([key]) => key.startsWith(`${name}.`));
  if (!nested) return undefined;
  const index = Number(nested[0].split(".")[1]);
  return Number.isInteger(index) ? `certificate ${index + 1}: ${nested[1]}` : nested[1];
}

/** The mapping JSON as the form's fields (see provider-body.ts for the way back). */
export function mappingFields(mapping: unknown) {
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

/** The mapping JSON as the form shows it. */
export type MappingFields = ReturnType<typeof mappingFields>;
