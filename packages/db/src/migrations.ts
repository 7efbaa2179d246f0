import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@portico/settings/paths";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import Database from "better-sqlite3";
import { type Provider, providerOf } from "./provider";
import { openSchemaEngine } from "./schema-engine";

/**
 * Each provider keeps migrations in Prisma's standard layout next to its schema, a folder of
 * .prisma files (Prisma's multi-file schema) read as one.
 */
export const layout: Record<Provider, { schema: string; migrations: string }> = {
  sqlite: {
    schema: path.join(repoRoot, "prisma/schema"),
    migrations: path.join(repoRoot, "prisma/migrations"),
  },
  postgresql: {
    schema: path.join(repoRoot, "prisma/postgresql/schema"),
    migrations: path.join(repoRoot, "prisma/postgresql/migrations"),
  },
};

/** The files of a schema folder, sorted, as the schema engine takes them. */
export function readSchemaFiles(dir: string): Array<{ path: string; content: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".prisma"))
    .sort()
    .map((f) => ({ path: path.join(dir, f), content: readFileSync(path.join(dir, f), "utf8") }));
}

const noFilter = { externalTables: [], externalEnums: [] };

/** Reads a migrations folder into the engine's MigrationList. */
export function readMigrations(dir: string): MigrationList {
  const lockPath = path.join(dir, "migration_lock.toml");
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql")))
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** Four processes share the SQLite file: WAL lets readers and a writer work at once. */
function useWriteAheadLog(url: string): void {
  const file = url.replace(/^file:/, "");
  if (file === ":memory:") return;
  const conn = new Database(file);
  try {
    conn.pragma("journal_mode = WAL");
  } finally {
    conn.close();
  }
}

function ensureSqliteFolder(url: string): void {
  const file = url.replace(/^file:/, "");
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
}

/**
 * Applies pending migrations to the database at `url`, as `prisma migrate deploy` does
 * (recording them in `_prisma_migrations`). Idempotent. Returns the names applied now.
 */
export async function migrateDatabase(url: string): Promise<string[]> {
  const provider = providerOf(url);
  if (provider === "sqlite") ensureSqliteFolder(url);
  const { engine, close } = await openSchemaEngine(url);
  let applied: string[];
  try {
    const result = await engine.applyMigrations({
      migrationsList: readMigrations(layout[provider].migrations),
      filters: noFilter,
    });
    applied = result.appliedMigrationNames;
  } finally {
    await close();
  }
  if (provider === "sqlite") useWriteAheadLog(url);
  return applied;
}

/**
 * The engine writes SQLite Json defaults as bare JSON (`DEFAULT {"a":1}`), which SQLite cannot
 * parse; quote them as string literals, the form the PostgreSQL migration already has.
 */
export function quoteSqliteJsonDefaults(sql: string): string {
  return sql.replace(
    /(JSONB(?: NOT NULL)? DEFAULT )([[{].*?)(,?)$/gm,
    (_m, head: string, json: string, comma: string) => {
      return `${head}'${json.replaceAll("'", "''")}'${comma}`;
    },
  );
}

/**
 * The SQL that takes a database from the existing migrations to the current schema, or null
 * when they agree. Needs a scratch database for PostgreSQL (the shadow).
 */
export async function pendingSchemaChange(provider: Provider, url: string): Promise<string | null> {
  const { schema, migrations } = layout[provider];
  const files = readSchemaFiles(schema);
  const { engine, close } = await openSchemaEngine(url, files);
  try {
    const result = await engine.diff({
      from: { tag: "migrations", ...readMigrations(migrations) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: noFilter,
    });
    if (result.exitCode === 0) return null;
    const sql = result.stdout ?? "";
    return provider === "sqlite" ? quoteSqliteJsonDefaults(sql) : sql;
  } finally {
    await close();
  }
}

/**
 * Writes a new migration for one provider: the SQL that takes a database from the existing
 * migrations to the current schema. Needs a scratch database for PostgreSQL (the shadow).
 * Returns the folder written, or null when the schema has not changed.
 */
export async function createMigration(
  provider: Provider,
  name: string,
  url: string,
  now = new Date(),
): Promise<string | null> {
  const { migrations } = layout[provider];
  mkdirSync(migrations, { recursive: true });
  const lock = path.join(migrations, "migration_lock.toml");
  if (!existsSync(lock)) {
    writeFileSync(
      lock,
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
    );
  }
  const sql = await pendingSchemaChange(provider, url);
  if (sql === null) return null;
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = path.join(migrations, `${stamp}_${name.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, "migration.sql"), sql);
  return folder;
}
