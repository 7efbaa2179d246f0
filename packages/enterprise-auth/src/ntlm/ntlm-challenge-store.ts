/** What the acceptor remembers between Type 2 and Type 3. */
export interface NtlmChallengeRecord {
  serverChallenge: string; // hex, 8 bytes
  expiresAt: number; // epoch ms
}

/**
 * Storage for outstanding challenges. `take` must return and delete atomically, so a challenge is
 * answered at most once (Redis GETDEL, or a DELETE … RETURNING in SQL, in a cluster).
 */
export interface NtlmChallengeStore {
  put(challengeId: string, record: NtlmChallengeRecord): Promise<void>;
  take(challengeId: string): Promise<NtlmChallengeRecord | undefined>;
}

/** In-process store for a single key-manager instance; expired entries are dropped as new ones arrive. */
export function createMemoryNtlmChallengeStore(maxEntries = 10_000): NtlmChallengeStore {
  const records = new Map<string, NtlmChallengeRecord>();
  return {
    async put(challengeId, record) {
      const now = Date.now();
      for (const [id, existing] of records) {
        if (existing.expiresAt <= now || records.size >= maxEntries) records.delete(id);
        else break; // insertion order: later entries expire later
      }
      records.set(challengeId, record);
    },
    async take(challengeId) {
      const record = records.get(challengeId);
      records.delete(challengeId);
      return record;
    },
  };
}
