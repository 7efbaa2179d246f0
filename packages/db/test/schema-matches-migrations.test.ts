import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { layout, pendingSchemaChange, readSchemaFiles } from "../src/migrations";
import { withScratchDatabase } from "../src/testing";

// The schema folder is the source of truth and the migrations must build exactly it: a schema
// change without its migration (or a migration edited by hand) fails here, on both providers.
describe("the schema and the migrations", () => {
  it("read the whole schema folder, split by domain", () => {
    const names = readSchemaFiles(layout.sqlite.schema).map((f) => path.basename(f.path));
    expect(names).toContain("schema.prisma");
    expect(names.length).toBeGreaterThan(1);
    const pgNames = readSchemaFiles(layout.postgresql.schema).map((f) => path.basename(f.path));
    expect(pgNames).toEqual(names);
  });

  it("agree on SQLite: a new migration would be empty", async () => {
    const scratch = `file:${path.join(mkdtempSync(path.join(tmpdir(), "portico-drift-")), "scratch.db")}`;
    expect(await pendingSchemaChange("sqlite", scratch)).toBeNull();
  });

  it("agree on PostgreSQL: a new migration would be empty", async () => {
    const scratch = await withScratchDatabase();
    try {
      expect(await pendingSchemaChange("postgresql", scratch.url)).toBeNull();
    } finally {
      await scratch.drop();
    }
  });
});
