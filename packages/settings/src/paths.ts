import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The repository root: the nearest folder up from here (or, inside a bundle where this file's
 * place is unknown, from the working directory) that holds turbo.json.
 */
function findRepoRoot(): string {
  const start = import.meta.dirname ?? process.cwd();
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "turbo.json"))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export const repoRoot = findRepoRoot();

/** The data folder: SQLite database, master key, TLS material. */
export function dataDir(configured?: string): string {
  return path.resolve(repoRoot, configured ?? ".data");
}

export function defaultDatabaseUrl(dir: string): string {
  return `file:${path.join(dir, "portico.db")}`;
}
