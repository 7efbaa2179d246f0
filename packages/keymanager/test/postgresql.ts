import pg from "pg";

/** The PostgreSQL server tests make scratch databases on (trust authentication). */
export const PG_BASE = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function onServer(sql: string) {
  const client = new pg.Client({ connectionString: PG_BASE });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty scratch database on PG_BASE's server; `drop` removes it, connections still open or not. */
export async function withScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portico_km_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_BASE);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
