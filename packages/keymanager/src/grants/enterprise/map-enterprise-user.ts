// Maps an identity verified by a SAML IdP, a Kerberos realm, an NTLM domain or a JWT bearer
// issuer to a Portico user: the provider's `IdentityProvider.mapping` (the format proposed by
// @portico/enterprise-auth's README; documented in the key manager's README) names the subject,
// and the subject's FederatedIdentity row names the user.
import type { IdentityProvider, User } from "@portico/db";
import { InvalidGrant } from "../../errors";
import type { KeyManager } from "../../key-manager";

/**
 * What a validator proved, as named values an admin's mapping can refer to: `nameId`,
 * `attribute:<Name>` (SAML), `principal`, `localPart`, `realm` (Kerberos), `user`,
 * `domainUser`, `domain` (NTLM).
 */
export type ExternalIdentity = Record<string, string[]>;

export interface IdentityMapping {
  /** the value naming the Portico user */
  username: string;
  email?: string;
  displayName?: string;
  /** fixed role names, or role names derived from an identity value */
  roles?: string[] | { from?: string; map?: Record<string, string[]>; default?: string[] };
  /** SAML: re-apply the mapped roles at every login (the IdP is authoritative). Default true for SAML only. */
  syncRoles?: boolean;
  /** Kerberos: realms (besides the provider's own) whose principals are accepted, e.g. through cross-realm trust */
  allowedRealms?: string[];
}

const SOURCE_PREFIX = "idp:";

/** Reads the mapping JSON, with `defaultUsername` when it names none; a broken mapping is our configuration error. */
export function readMapping(idp: IdentityProvider, defaultUsername: string): IdentityMapping {
  const raw = (idp.mapping ?? {}) as Record<string, unknown>;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new Error(`identity provider ${idp.name}: mapping is not an object`);
  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string")
      throw new Error(`identity provider ${idp.name}: mapping.${key} must be a string`);
    return value;
  };
  const strings = (value: unknown, key: string): string[] | undefined => {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
      throw new Error(`identity provider ${idp.name}: mapping.${key} must be a list of strings`);
    return value as string[];
  };
  let roles: IdentityMapping["roles"];
  if (Array.isArray(raw.roles)) roles = strings(raw.roles, "roles");
  else if (raw.roles && typeof raw.roles === "object") {
    const r = raw.roles as Record<string, unknown>;
    const map: Record<string, string[]> = {};
    for (const [from, to] of Object.entries((r.map ?? {}) as Record<string, unknown>)) {
      map[from] = strings(to, `roles.map.${from}`) ?? [];
    }
    roles = {
      from: typeof r.from === "string" ? r.from : undefined,
      map,
      default: strings(r.default, "roles.default"),
    };
  }
  return {
    username: text("username") ?? defaultUsername,
    email: text("email"),
    displayName: text("displayName"),
    roles,
    syncRoles: typeof raw.syncRoles === "boolean" ? raw.syncRoles : undefined,
    allowedRealms: strings(raw.allowedRealms, "allowedRealms"),
  };
}

/** The role names the mapping gives this identity. */
export function mappedRoles(mapping: IdentityMapping, identity: ExternalIdentity): string[] {
  const roles = mapping.roles;
  if (!roles) return [];
  if (Array.isArray(roles)) return roles;
  const values = roles.from ? (identity[roles.from] ?? []) : [];
  const mapped = new Set(values.flatMap((v) => roles.map?.[v] ?? []));
  return mapped.size > 0 ? [...mapped] : (roles.default ?? []);
}

/** The Portico username the mapping derives, or undefined when the identity lacks the value. */
export function mappedUsername(mapping: IdentityMapping, identity: ExternalIdentity): string | undefined {
  const value = identity[mapping.username]?.[0];
  return value ? value : undefined;
}

export interface ResolveUserOptions {
  /** re-apply mapped roles to an existing user this provider provisioned */
  syncRoles: boolean;
}

/**
 * Finds the Portico user for a verified identity through its FederatedIdentity (provider,
 * subject): the identity's `mapping.username` value names the subject in the provider's own
 * namespace, never a local account. A linked identity acts as its user; an unlinked one is
 * `invalid_grant` unless the provider provisions users, which creates an account for it (source
 * `idp:<provider name>`, no password, mapped roles) under that name when the name is free. A
 * local account of the same name is never taken over: an admin links it explicitly.
 */
export async function resolveMappedUser(
  km: KeyManager,
  idp: IdentityProvider,
  mapping: IdentityMapping,
  identity: ExternalIdentity,
  options: ResolveUserOptions,
): Promise<{ user: User; provisioned: boolean }> {
  const subject = mappedUsername(mapping, identity);
  if (!subject) throw new InvalidGrant("the identity does not carry the value that names the Portico user");
  const first = (name: string | undefined) => (name ? identity[name]?.[0] : undefined);
  return resolveFederatedUser(km, idp, subject, {
    roles: mappedRoles(mapping, identity),
    email: first(mapping.email),
    displayName: first(mapping.displayName),
    syncRoles: options.syncRoles,
  });
}

/** The user linked to (provider, subject), provisioning one when the provider may; see resolveMappedUser. */
export async function resolveFederatedUser(
  km: KeyManager,
  idp: IdentityProvider,
  subject: string,
  profile: { roles: string[]; email?: string; displayName?: string; syncRoles: boolean },
): Promise<{ user: User; provisioned: boolean }> {
  const key = { providerId_subject: { providerId: idp.id, subject } };
  const now = km.now();
  const linked = await km.db.federatedIdentity.findUnique({ where: key, include: { user: true } });
  if (linked?.user) {
    await km.db.federatedIdentity.update({ where: { id: linked.id }, data: { lastSeenAt: now } });
    if (linked.user.disabled) throw new InvalidGrant("this Portico user is disabled");
    const source = `${SOURCE_PREFIX}${idp.name}`;
    if (profile.syncRoles && linked.user.source === source)
      await replaceRoles(km, linked.user.id, profile.roles);
    return { user: linked.user, provisioned: false };
  }
  const notLinked = async (why: string) => {
    // kept, so an admin sees the identity and can link it
    await km.db.federatedIdentity.upsert({
      where: key,
      create: { providerId: idp.id, subject, lastSeenAt: now },
      update: { lastSeenAt: now },
    });
    return new InvalidGrant(why);
  };
  if (!idp.provisionUsers) throw await notLinked("this identity is not linked to a Portico user");
  if (await km.db.user.findUnique({ where: { username: subject }, select: { id: true } }))
    throw await notLinked("this identity is not linked to a Portico user; an admin must link it");
  const roles = await km.db.role.findMany({ where: { name: { in: profile.roles } } });
  // an email already held by another user is not copied: uniqueness would refuse the whole login
  const emailFree = profile.email
    ? (await km.db.user.count({ where: { email: profile.email } })) === 0
    : false;
  let user: User;
  try {
    user = await km.db.user.create({
      data: {
        username: subject,
        source: `${SOURCE_PREFIX}${idp.name}`,
        email: emailFree ? profile.email : null,
        displayName: profile.displayName ?? null,
        roles: { create: roles.map((r) => ({ roleId: r.id })) },
      },
    });
  } catch {
    // the name was taken meanwhile
    throw await notLinked("this identity is not linked to a Portico user; an admin must link it");
  }
  await km.db.federatedIdentity.upsert({
    where: key,
    create: {
      providerId: idp.id,
      subject,
      userId: user.id,
      linkedBy: "provisioning",
      linkedAt: now,
      lastSeenAt: now,
    },
    update: { userId: user.id, linkedBy: "provisioning", linkedAt: now, lastSeenAt: now },
  });
  return { user, provisioned: true };
}

async function replaceRoles(km: KeyManager, userId: string, roleNames: string[]): Promise<void> {
  const roles = await km.db.role.findMany({ where: { name: { in: roleNames } } });
  await km.db.$transaction([
    km.db.userRole.deleteMany({ where: { userId, roleId: { notIn: roles.map((r) => r.id) } } }),
    ...roles.map((r) =>
      km.db.userRole.upsert({
        where: { userId_roleId: { userId, roleId: r.id } },
        create: { userId, roleId: r.id },
        update: {},
      }),
    ),
  ]);
  km.cache.roles.delete(userId);
}
