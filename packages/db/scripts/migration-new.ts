// npm run db:migration:new -w @portico/db -- <name>
// Writes the next migration for SQLite and PostgreSQL from the schema folder prisma/schema/, using the
// WebAssembly schema engine (no native engine download). PostgreSQL needs a server for its
// scratch (shadow) database: PORTICO_MIGRATION_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createMigration } from "../src/migrations";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/i.test(name)) {
  process.stderr.write("usage: npm run db:migration:new -w @portico/db -- <name_in_snake_case>\n");
  process.exit(2);
}
const now = new Date();
const scratch = `file:${path.join(mkdtempSync(path.join(tmpdir(), "portico-migrate-")), "scratch.db")}`;
const sqlite = await createMigration("sqlite", name, scratch, now);
const pgUrl = process.env.PORTICO_MIGRATION_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const postgres = await createMigration("postgresql", name, pgUrl, now);
for (const [provider, folder] of [
  ["sqlite", sqlite],
  ["postgresql", postgres],
] as const) {
  process.stdout.write(
    `${provider}: ${folder ? `wrote ${path.relative(process.cwd(), folder)}` : "schema unchanged, nothing written"}\n`,
  );
}
