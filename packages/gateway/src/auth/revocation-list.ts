import type { Db } from "@portico/db";

/**
 * Revoked token ids, fed by `token.revoked` events; checked on every call, cached tokens
 * included. Entries leave once the token would have expired anyway.
 */
export class RevocationList {
  private readonly revoked = new Map<string, number>();

  has(jti: string): boolean {
    return this.revoked.has(jti);
  }

  add(jti: string, expiresAtMs = Number.MAX_SAFE_INTEGER): void {
    this.revoked.set(jti, expiresAtMs);
  }

  /** Loads tokens already revoked and not yet expired, at start. */
  async load(db: Db, now: number): Promise<void> {
    const rows = await db.accessToken.findMany({
      where: { revokedAt: { not: null }, expiresAt: { gt: new Date(now) } },
      select: { jti: true, expiresAt: true },
    });
    for (const r of rows) this.add(r.jti, r.expiresAt.getTime());
  }

  prune(now: number): void {
    for (const [jti, expiresAt] of this.revoked) if (expiresAt < now) this.revoked.delete(jti);
  }
}
