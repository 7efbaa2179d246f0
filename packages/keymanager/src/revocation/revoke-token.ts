import { revokeAccessTokensWhere, revokeRefreshFamilies } from "@portico/issuer-admin";
import type { KeyManager } from "../key-manager";
import { findToken } from "../tokens/find-token";

/**
 * Revokes one access or refresh token, whoever it was issued to (an admin action; the RFC 7009
 * endpoint checks ownership first). Returns what was found.
 */
export async function revokeToken(
  km: KeyManager,
  token: string,
): Promise<"access_token" | "refresh_token" | null> {
  const found = await findToken(km, token, undefined);
  const deps = { db: km.db, changes: km.changes, now: km.now };
  if (found?.kind === "access_token") await revokeAccessTokensWhere(deps, { id: found.row.id });
  if (found?.kind === "refresh_token") await revokeRefreshFamilies(deps, [found.row.familyId]);
  return found?.kind ?? null;
}
