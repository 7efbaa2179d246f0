// Refresh tokens: opaque, stored as SHA-256, grouped in a family per grant. Every use rotates
// the token; presenting a spent one revokes the whole family (OAuth 2.0 Security BCP 4.14.2).
import { randomToken } from "@portico/crypto";
import { opaqueTokenHash } from "@portico/tokens";
import type { ClientRecord } from "../clients/find-client";
import type { KeyManager } from "../key-manager";

export async function refreshTokenLifetime(km: KeyManager, client: ClientRecord): Promise<number> {
  const limits = await km.settings.tokenValidity();
  return Math.min(client.refreshTokenTtl ?? limits.refreshTokenDefault, limits.refreshTokenMax);
}

/** Whether the client should get a refresh token: it was given the grant and the grant is enabled. */
export async function mayRefresh(km: KeyManager, grantTypes: string[]): Promise<boolean> {
  return grantTypes.includes("refresh_token") && (await km.settings.isGrantEnabled("refresh_token"));
}

export async function createRefreshFamily(
  km: KeyManager,
  input: {
    client: ClientRecord;
    userId: string | null;
    scope: string[];
    authTime: Date | null;
    dpopJkt: string | null;
    certThumbprint: string | null;
  },
): Promise<string> {
  const family = await km.db.refreshTokenFamily.create({
    data: {
      clientId: input.client.id,
      userId: input.userId,
      scope: input.scope.join(" "),
      authTime: input.authTime,
      dpopJkt: input.dpopJkt,
      certThumbprint: input.certThumbprint,
      createdAt: km.now(),
    },
  });
  return family.id;
}

export async function issueRefreshToken(
  km: KeyManager,
  input: { client: ClientRecord; familyId: string; scope: string[] },
): Promise<string> {
  const token = randomToken();
  const issuedAt = km.now();
  const lifetime = await refreshTokenLifetime(km, input.client);
  await km.db.refreshToken.create({
    data: {
      tokenHash: opaqueTokenHash(token),
      familyId: input.familyId,
      scope: input.scope.join(" "),
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + lifetime * 1000),
    },
  });
  return token;
}
