// RFC 7591 3: initial access tokens, issued by admins (the platform's admin API), stored as
// SHA-256 hashes. A registration presents one as a Bearer token; it is checked before the
// metadata and spent only when the client is created, in the same transaction, so bad metadata
// does not use it up and racing registrations cannot spend one use twice.
import { sha256Hex } from "@portico/crypto";
import type { Prisma } from "@portico/db";
import { InvalidToken } from "../errors";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";

/** The Bearer token of the request, or undefined when there is none. */
export function bearerToken(ex: Exchange): string | undefined {
  const header = ex.header("authorization");
  if (!header) return undefined;
  const match = header.match(/^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i);
  if (!match) throw new InvalidToken("the Authorization header is not a Bearer token");
  return match[1];
}

/** The usable initial access token row for `token`; invalid_token (401) otherwise. */
export async function findInitialAccessToken(km: KeyManager, token: string): Promise<{ id: string }> {
  const row = await km.db.initialAccessToken.findUnique({ where: { tokenHash: sha256Hex(token) } });
  if (
    !row ||
    row.revokedAt ||
    row.expiresAt.getTime() <= km.now().getTime() ||
    (row.remainingUses !== null && row.remainingUses <= 0)
  )
    throw new InvalidToken("the initial access token is invalid, expired or used up");
  return { id: row.id };
}

/** Spends one use inside the registration's transaction; invalid_token when another request spent the last one. */
export async function spendInitialAccessToken(
  tx: Prisma.TransactionClient,
  id: string,
  now: Date,
): Promise<void> {
  const usable = { id, revokedAt: null, expiresAt: { gt: now } };
  const limited = await tx.initialAccessToken.updateMany({
    where: { ...usable, remainingUses: { gt: 0 } },
    data: { remainingUses: { decrement: 1 }, usedCount: { increment: 1 } },
  });
  if (limited.count === 1) return;
  const unlimited = await tx.initialAccessToken.updateMany({
    where: { ...usable, remainingUses: null },
    data: { usedCount: { increment: 1 } },
  });
  if (unlimited.count !== 1)
    throw new InvalidToken("the initial access token is invalid, expired or used up");
}
