// Revocation of access and refresh tokens: by token family, by application, by user. A revoked
// access token keeps its row with revokedAt set, and its jti is announced as `token.revoked` so
// gateways refuse the JWT before it expires.
import type { Db, IdentityProviderType, Prisma } from "@portico/db";
import type { ChangeMessage } from "@portico/tokens";

export interface RevocationDeps {
  db: Db;
  /** where revocations are announced: the key manager's notifier, or a portal's change recorder */
  changes: { notify(messages: ChangeMessage[]): Promise<void> };
  now?: () => Date;
}

/**
 * Revokes the unrevoked access tokens matching `where`, and those exchanged from them (RFC 8693
 * lineage, `subjectTokenId`), generation after generation; returns their jtis.
 */
export async function revokeAccessTokensWhere(
  deps: RevocationDeps,
  where: Prisma.AccessTokenWhereInput,
): Promise<string[]> {
  const now = deps.now?.() ?? new Date();
  const revoked: string[] = [];
  let next: Prisma.AccessTokenWhereInput | undefined = where;
  while (next) {
    const rows: Array<{ id: string; jti: string }> = await deps.db.accessToken.findMany({
      where: { AND: [next, { revokedAt: null, expiresAt: { gt: now } }] },
      select: { id: true, jti: true },
    });
    if (rows.length === 0) break;
    const ids: string[] = rows.map((r) => r.id);
    await deps.db.accessToken.updateMany({ where: { id: { in: ids } }, data: { revokedAt: now } });
    await deps.changes.notify(rows.map((r) => ({ topic: "token.revoked" as const, entityId: r.jti })));
    revoked.push(...rows.map((r) => r.jti));
    next = { subjectTokenId: { in: ids } };
  }
  return revoked;
}

/** Revokes refresh-token families, their refresh tokens and every access token issued from them. */
export async function revokeRefreshFamilies(deps: RevocationDeps, familyIds: string[]): Promise<string[]> {
  if (familyIds.length === 0) return [];
  const now = deps.now?.() ?? new Date();
  await deps.db.refreshTokenFamily.updateMany({
    where: { id: { in: familyIds }, revokedAt: null },
    data: { revokedAt: now },
  });
  await deps.db.refreshToken.updateMany({
    where: { familyId: { in: familyIds }, revokedAt: null },
    data: { revokedAt: now },
  });
  return revokeAccessTokensWhere(deps, { refreshFamilyId: { in: familyIds } });
}

/**
 * Revokes every access and refresh token of an application (all its clients).
 *
 * @example await revokeTokensOfApplication({ db, changes }, application.id)
 */
export async function revokeTokensOfApplication(
  deps: RevocationDeps,
  applicationId: string,
): Promise<{ accessTokens: number }> {
  const families = await deps.db.refreshTokenFamily.findMany({
    where: { client: { applicationId }, revokedAt: null },
    select: { id: true },
  });
  const viaFamilies = await revokeRefreshFamilies(
    deps,
    families.map((f) => f.id),
  );
  const jtis = await revokeAccessTokensWhere(deps, { applicationId });
  return { accessTokens: viaFamilies.length + jtis.length };
}

/** Revokes every access and refresh token issued to a user. */
export async function revokeTokensOfUser(
  deps: RevocationDeps,
  userId: string,
): Promise<{ accessTokens: number }> {
  const families = await deps.db.refreshTokenFamily.findMany({
    where: { userId, revokedAt: null },
    select: { id: true },
  });
  const viaFamilies = await revokeRefreshFamilies(
    deps,
    families.map((f) => f.id),
  );
  const jtis = await revokeAccessTokensWhere(deps, { userId });
  return { accessTokens: viaFamilies.length + jtis.length };
}

/**
 * The grants through which an identity provider of each type signs in the identities it asserts;
 * none of them issues refresh tokens. Named here rather than imported from the grant modules, so
 * that the portals can revoke without loading those.
 */
export const GRANT_TYPES_OF_IDENTITY_PROVIDER: Record<IdentityProviderType, readonly string[]> = {
  OIDC: ["urn:ietf:params:oauth:grant-type:jwt-bearer"],
  SAML2: ["urn:ietf:params:oauth:grant-type:saml2-bearer"],
  KERBEROS: ["kerberos", "urn:ietf:params:oauth:grant-type:kerberos"],
  NTLM: ["iwa:ntlm"],
};

/**
 * Revokes a user's access tokens issued through an identity provider's grants, and those
 * exchanged from them: what a federated identity obtained while it was linked to the user. A
 * token records its grant, not the provider, so the user's tokens from another provider of the
 * same type go too (they sign in again); tokens from the password or other grants stay.
 */
export async function revokeTokensOfFederatedSignIn(
  deps: RevocationDeps,
  userId: string,
  providerType: IdentityProviderType,
): Promise<{ accessTokens: number }> {
  const jtis = await revokeAccessTokensWhere(deps, {
    userId,
    grantType: { in: [...GRANT_TYPES_OF_IDENTITY_PROVIDER[providerType]] },
  });
  return { accessTokens: jtis.length };
}

/** RFC 6749 4.1.2: a replayed authorization code revokes what was issued from it. */
export async function revokeTokensOfAuthorizationCode(
  deps: RevocationDeps,
  authCodeId: string,
): Promise<void> {
  const issued = await deps.db.accessToken.findMany({
    where: { authCodeId },
    select: { refreshFamilyId: true },
  });
  const families = [
    ...new Set(issued.map((t) => t.refreshFamilyId).filter((id): id is string => id !== null)),
  ];
  await revokeRefreshFamilies(deps, families);
  await revokeAccessTokensWhere(deps, { authCodeId });
}
