import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../src/index";
import { layout, migrateDatabase, readMigrations } from "../src/migrations";
import { withScratchDatabase } from "../src/testing";

const expectedFor = (provider: keyof typeof layout) =>
  readMigrations(layout[provider].migrations).migrationDirectories.map((d) => d.path);

async function exerciseSchema(url: string) {
  const db = createDb(url);
  try {
    const role = await db.role.create({ data: { name: "publisher" } });
    const user = await db.user.create({
      data: { username: "pat", passwordHash: "scrypt$x", roles: { create: { roleId: role.id } } },
    });
    const api = await db.api.create({
      data: {
        name: "Pizza",
        version: "1.0.0",
        context: "/pizza",
        ownerId: user.id,
        tags: ["food"],
        resources: { create: [{ method: "GET", pathTemplate: "/menu" }] },
      },
      include: { resources: true },
    });
    expect(api.resources).toHaveLength(1);
    expect(api.tags).toEqual(["food"]);
    expect(api.state).toBe("CREATED");
    // the (context, version) pair is unique
    await expect(
      db.api.create({ data: { name: "Other", version: "1.0.0", context: "/pizza" } }),
    ).rejects.toThrow();
    const rows = await db.api.findMany({ where: { context: "/pizza" } });
    expect(rows.map((r) => r.name)).toEqual(["Pizza"]);
  } finally {
    await db.$disconnect();
  }
}

describe("migrations on SQLite", () => {
  it("apply from empty, are idempotent, and give a working schema", async () => {
    const url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "portico-db-")), "nested/portico.db")}`;
    expect(await migrateDatabase(url)).toEqual(expectedFor("sqlite"));
    expect(await migrateDatabase(url)).toEqual([]);
    await exerciseSchema(url);
  });
});

describe("migrations on PostgreSQL", () => {
  const scratch = withScratchDatabase();
  afterAll(async () => (await scratch).drop());

  it("apply from empty, are idempotent, and give a working schema", async () => {
    const { url } = await scratch;
    const expected = expectedFor("postgresql");
    expect(expected.length).toBeGreaterThan(0);
    expect(await migrateDatabase(url)).toEqual(expected);
    expect(await migrateDatabase(url)).toEqual([]);
    await exerciseSchema(url);
  });

  it("notify listeners of every change event when it commits (LISTEN/NOTIFY)", async () => {
    const { url } = await scratch;
    await migrateDatabase(url);
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    const db = createDb(url);
    try {
      await listener.query("LISTEN portico_changes");
      const heard = new Promise<unknown>((resolve) =>
        listener.on("notification", (n) => resolve(JSON.parse(n.payload ?? "null"))),
      );
      await db.changeEvent.create({ data: { topic: "token.revoked", entityId: "jti-1" } });
      expect(await heard).toEqual({ topic: "token.revoked", entityId: "jti-1", schema: "public" });
    } finally {
      await listener.end();
      await db.$disconnect();
    }
  });
});
