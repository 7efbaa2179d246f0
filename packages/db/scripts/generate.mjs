// Runs on `npm install`: derives the PostgreSQL schema from the one schema, then generates both
// Prisma clients without downloading a native engine.
//
// The schema is a folder (Prisma's multi-file schema): prisma/schema/*.prisma, split by domain,
// with the generator and datasource in prisma/schema/schema.prisma. The PostgreSQL twin is the
// same folder under prisma/postgresql/schema/, each file copied with a banner, and the main file
// with the provider and the client's output changed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const sourceDir = path.join(root, "prisma/schema");
const pgDir = path.join(root, "prisma/postgresql/schema");
/** The file of the folder that holds the generator and the datasource. */
export const MAIN_FILE = "schema.prisma";

const banner =
  "// GENERATED from prisma/schema/ by packages/db/scripts/generate.mjs: do not edit.\n" +
  "// Edit prisma/schema/; `npm install` (or node packages/db/scripts/generate.mjs) rewrites this file.\n";

/** The PostgreSQL twin of one file of the schema folder. */
export function derivePostgresSchema(name, text) {
  if (name !== MAIN_FILE) return `${banner}\n${text}`;
  const body = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(
      'output                 = "../../packages/db/src/generated/sqlite"',
      'output                 = "../../../packages/db/src/generated/postgresql"',
    );
  if (body === text)
    throw new Error(`prisma/schema/${MAIN_FILE}: expected a sqlite datasource and the sqlite client output`);
  return `${banner}\n${body}`;
}

/** The .prisma files of a schema folder, sorted. */
export function schemaFiles(dir) {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".prisma"))
        .sort()
    : [];
}

function main() {
  const names = schemaFiles(sourceDir);
  if (names.length === 0) return;
  mkdirSync(pgDir, { recursive: true });
  for (const stale of schemaFiles(pgDir).filter((f) => !names.includes(f))) rmSync(path.join(pgDir, stale));
  for (const name of names) {
    const derived = derivePostgresSchema(name, readFileSync(path.join(sourceDir, name), "utf8"));
    const target = path.join(pgDir, name);
    if (!existsSync(target) || readFileSync(target, "utf8") !== derived) writeFileSync(target, derived);
  }
  const prismaCli = path.join(root, "node_modules/prisma/build/index.js");
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "packages/db/bin/schema-engine"),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
  for (const schema of [sourceDir, pgDir]) {
    const run = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
      cwd: root,
      env,
      encoding: "utf8",
    });
    if (run.status !== 0) {
      process.stderr.write(run.stdout + run.stderr);
      process.exit(run.status ?? 1);
    }
  }
  process.stdout.write("portico: generated Prisma clients for SQLite and PostgreSQL\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
