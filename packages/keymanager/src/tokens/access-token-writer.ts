// Writes AccessToken rows in small batches: every token issued in the same event-loop turn is
// inserted by one statement, and each request still waits for its row to be committed before
// the token is returned (so revocation by jti works the moment a token exists). On SQLite the
// batch is one multi-row INSERT; on PostgreSQL, Prisma's createMany. A failed batch is retried
// row by row so one bad row fails alone.
import { randomUUID } from "node:crypto";
import type { Db, Prisma } from "@portico/db";

export interface AccessTokenRow {
  jti: string;
  tokenHash: string | null;
  format: "JWT" | "OPAQUE";
  clientId: string;
  userId: string | null;
  applicationId: string | null;
  keyType: "PRODUCTION" | "SANDBOX";
  scope: string;
  grantType: string;
  authCodeId: string | null;
  refreshFamilyId: string | null;
  subjectTokenId: string | null;
  issuedAt: Date;
  expiresAt: Date;
  claims: Record<string, unknown> | null;
}

const COLUMNS = [
  "id",
  "jti",
  "tokenHash",
  "format",
  "clientId",
  "userId",
  "applicationId",
  "keyType",
  "scope",
  "grantType",
  "authCodeId",
  "refreshFamilyId",
  "subjectTokenId",
  "issuedAt",
  "expiresAt",
  "claims",
] as const;
const MAX_BATCH = 200;

/** Prisma's own text form of a DateTime on SQLite, so comparisons in SQL stay consistent. */
function sqliteDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

interface Pending {
  row: AccessTokenRow;
  resolve(): void;
  reject(error: unknown): void;
}

export class AccessTokenWriter {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly provider: "sqlite" | "postgresql",
  ) {}

  /** Resolves once the row is committed. */
  record(row: AccessTokenRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    while (this.queue.length) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.insert(batch.map((p) => p.row));
        for (const p of batch) p.resolve();
      } catch {
        for (const p of batch) {
          await this.insertOne(p.row).then(p.resolve, p.reject);
        }
      }
    }
  }

  private async insert(rows: AccessTokenRow[]): Promise<void> {
    if (this.provider === "sqlite") {
      const placeholders = `(${COLUMNS.map(() => "?").join(",")})`;
      const sql = `INSERT INTO "AccessToken" (${COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES ${rows.map(() => placeholders).join(",")}`;
      const params: unknown[] = [];
      for (const r of rows) {
        params.push(
          randomUUID(),
          r.jti,
          r.tokenHash,
          r.format,
          r.clientId,
          r.userId,
          r.applicationId,
          r.keyType,
          r.scope,
          r.grantType,
          r.authCodeId,
          r.refreshFamilyId,
          r.subjectTokenId,
          sqliteDate(r.issuedAt),
          sqliteDate(r.expiresAt),
          r.claims ? JSON.stringify(r.claims) : null,
        );
      }
      await this.db.$executeRawUnsafe(sql, ...params);
      return;
    }
    await this.db.accessToken.createMany({ data: rows.map((r) => toCreateInput(r)) });
  }

  private async insertOne(row: AccessTokenRow): Promise<void> {
    await this.db.accessToken.create({ data: toCreateInput(row), select: { id: true } });
  }
}

function toCreateInput(r: AccessTokenRow): Prisma.AccessTokenCreateManyInput {
  return { ...r, claims: r.claims ? (r.claims as Prisma.InputJsonValue) : undefined };
}

/** Which SQL dialect the client speaks. */
export async function detectProvider(db: Db): Promise<"sqlite" | "postgresql"> {
  try {
    await db.$queryRawUnsafe("select sqlite_version()");
    return "sqlite";
  } catch {
    return "postgresql";
  }
}
