// Runs on `npm install`: derives the PostgreSQL schema from the one schema, then generates both
// Prisma clients without downloading a native engine.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const source = path.join(root, "prisma/schema.prisma");
const pgSchema = path.join(root, "prisma/postgresql/schema.prisma");

export function derivePostgresSchema(text) {
  const banner =
    "// GENERATED from prisma/schema.prisma by packages/db/scripts/generate.mjs: do not edit.\n" +
    "// Edit prisma/schema.prisma; `npm install` (or node packages/db/scripts/generate.mjs) rewrites this file.\n";
  const body = text
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(
      'output                 = "../packages/db/src/generated/sqlite"',
      'output                 = "../../packages/db/src/generated/postgresql"',
    );
  if (body === text)
    throw new Error("prisma/schema.prisma: expected a sqlite datasource and the sqlite client output");
  return banner + body;
}

function main() {
  if (!existsSync(source)) return;
  const derived = derivePostgresSchema(readFileSync(source, "utf8"));
  if (!existsSync(pgSchema) || readFileSync(pgSchema, "utf8") !== derived) writeFileSync(pgSchema, derived);
  const prismaCli = path.join(root, "node_modules/prisma/build/index.js");
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: path.join(root, "packages/db/bin/schema-engine"),
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
  for (const schema of [source, pgSchema]) {
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
