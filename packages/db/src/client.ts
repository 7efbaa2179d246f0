import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { postgresSchemaOf, providerOf } from "./provider";

/**
 * Portico's database client. Both providers' clients are generated from the one schema and
 * have the same API; the SQLite client's type stands for both.
 */
export type Db = SqliteClient;

/** Opens a client for a `file:` (SQLite) or `postgresql://` URL. Prefer `getDb()`. */
export function createDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    // Four processes share one SQLite file: wait for locks instead of failing at once.
    const adapter = new PrismaBetterSqlite3({ url: url.replace(/^file:/, ""), timeout: 10_000 });
    return new SqliteClient({ adapter });
  }
  const schema = postgresSchemaOf(url);
  const adapter = new PrismaPg({ connectionString: url, max: 10 }, { schema });
  return new PostgresClient({ adapter }) as unknown as Db;
}

const cache = new Map<string, Db>();

/** The one client per database URL in this process. */
export function getDb(url: string): Db {
  let db = cache.get(url);
  if (!db) {
    db = createDb(url);
    cache.set(url, db);
  }
  return db;
}
