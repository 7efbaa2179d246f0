// npm run db:migration:new -w @portico/db -- <name>
// Writes the next migration for SQLite and PostgreSQL from the schema folder prisma/schema/, using the
// WebAssembly schema engine (no native engine download). PostgreSQL needs a server for its
// scratch (shadow) database: the setting PORTICO_MIGRATION_PG_URL (see @portico/settings).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { settingsOrExit } from "@portico/settings";
import { createMigration } from "../src/migrations";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/i.test(name)) {
  process.stderr.write("usage: npm run db:migration:new -w @portico/db -- <name_in_snake_case>\n");
  process.exit(2);
}
const settings = settingsOrExit();
const now = new Date();
const scratch = `file:${path.join(mkdtempSync(path.join(tmpdir(), "portico-migrate-")), "scratch.db")}`;
const sqlite = await createMigration("sqlite", name, scratch, now);
const postgres = await createMigration("postgresql", name, settings.PORTICO_MIGRATION_PG_URL, now);
for (const [provider, folder] of [
  ["sqlite", sqlite],
  ["postgresql", postgres],
] as const) {
  process.stdout.write(
    `${provider}: ${folder ? `wrote ${path.relative(process.cwd(), folder)}` : "schema unchanged, nothing written"}\n`,
  );
}
