import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrateDatabase } from "@portico/db/migrate";
import type { TestProject } from "vitest/node";

// Migrating takes a while; every test file starts from a copy of one migrated database.
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-gw-template-"));
  const file = path.join(dir, "template.db");
  await migrateDatabase(`file:${file}`);
  project.provide("templateDb", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
