import path from "node:path";

/** The repository root, found from this file's place (packages/settings/src). */
export const repoRoot = path.resolve(import.meta.dirname, "../../..");

/** The data folder: SQLite database, master key, TLS material. */
export function dataDir(configured?: string): string {
  return path.resolve(repoRoot, configured ?? ".data");
}

export function defaultDatabaseUrl(dir: string): string {
  return `file:${path.join(dir, "portico.db")}`;
}
