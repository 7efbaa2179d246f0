// RFC 6749 6 with rotation (OAuth 2.0 Security BCP 4.14.2): every use spends the refresh token
// and returns a new one of the same family; presenting a spent token again revokes the family.

import { revokeRefreshFamilies } from "@portico/issuer-admin";
import { opaqueTokenHash } from "@portico/tokens";
import { InvalidDpopProof, InvalidGrant, InvalidScope } from "../errors";
import type { KeyManager } from "../key-manager";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import { issueTokenResponse } from "../tokens/issue-token-response";
import type { GrantTypeModule } from "./registry";

async function findRefreshToken(km: KeyManager, token: string) {
  return km.db.refreshToken.findUnique({
    where: { tokenHash: opaqueTokenHash(token) },
    include: { family: { include: { user: true } } },
  });
}

export const refreshTokenGrant: GrantTypeModule = {
  grantType: "refresh_token",
  parameters: { required: ["refresh_token"], optional: ["scope", "validity_period"] },
  setting: {
    displayName: "Refresh token",
    description:
      "Exchanges a refresh token for a new access token; refresh tokens rotate on every use (RFC 6749 6).",
    enabled: true,
  },
  async handler({ km, params, client, binding }) {
    const presented = await findRefreshToken(km, params.get("refresh_token") as string);
    const now = km.now();
    // another client's token is reported exactly like an unknown one
    if (!presented || presented.family.clientId !== client.id)
      throw new InvalidGrant("unknown refresh token");
    if (presented.revokedAt || presented.family.revokedAt)
      throw new InvalidGrant("the refresh token was revoked");
    const deps = { db: km.db, changes: km.changes, now: km.now };
    if (presented.consumedAt) {
      await revokeRefreshFamilies(deps, [presented.familyId]);
      throw new InvalidGrant("the refresh token was already used; its family is revoked");
    }
    if (presented.expiresAt <= now) throw new InvalidGrant("the refresh token has expired");
    // RFC 9449 5: a refresh token bound to a DPoP key is only good with a proof of that key
    if (presented.family.dpopJkt && presented.family.dpopJkt !== binding?.jkt)
      throw new InvalidDpopProof("the refresh token is bound to another DPoP key");
    // RFC 8705 4: a public client's refresh token bound to a certificate is only good over mutual TLS with it
    if (presented.family.certThumbprint && presented.family.certThumbprint !== binding?.["x5t#S256"])
      throw new InvalidGrant("the refresh token is bound to another client certificate");
    const user = presented.family.user;
    if (presented.family.userId && (!user || user.disabled)) throw new InvalidGrant("the user is disabled");

    // RFC 6749 6: a narrower scope may be asked for, never a wider one
    const original = parseScope(presented.scope);
    const asked = params.has("scope") ? parseScope(params.get("scope")) : original;
    if (asked.some((s) => !original.includes(s)))
      throw new InvalidScope("the scope exceeds the original grant");

    const spent = await km.db.refreshToken.updateMany({
      where: { id: presented.id, consumedAt: null },
      data: { consumedAt: now },
    });
    if (spent.count === 0) {
      // spent concurrently: the same reuse
      await revokeRefreshFamilies(deps, [presented.familyId]);
      throw new InvalidGrant("the refresh token was already used; its family is revoked");
    }
    const roles = user ? await rolesOfUser(km.db, user.id) : [];
    const owner = !user && client.application ? await rolesOfUser(km.db, client.application.ownerId) : [];
    // scopes revoked since (subscription ended, role removed) are dropped
    const scope = await validateScope(km.db, asked, {
      application: client.application,
      keyType: client.keyType,
      roles: user ? roles : owner,
      userBound: user !== null,
    });
    return issueTokenResponse({
      binding,
      km,
      params,
      client,
      grantType: "refresh_token",
      user,
      roles,
      scope,
      authTime: presented.family.authTime,
      refreshFamilyId: presented.familyId,
      refresh: true,
      idToken: {},
    });
  },
};
