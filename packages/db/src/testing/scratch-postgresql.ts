// Scratch PostgreSQL databases for tests, on the server at TEST_POSTGRES_URL (trust
// authentication; default the local postgres user). Each call makes a database with a unique
// name, so test files and parallel runs never share one.
import pg from "pg";

/** The PostgreSQL server tests make scratch databases on. */
export const PG_BASE = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * An empty scratch database on PG_BASE's server; `drop` removes it, connections still open or not.
 *
 * @example const scratch = await withScratchDatabase("km"); await migrateDatabase(scratch.url); …; await scratch.drop();
 */
export async function withScratchDatabase(prefix = "t"): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portico_${prefix}_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
