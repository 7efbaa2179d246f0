import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDb, seedAdmin, seedDemo, seedPlatform } from "../src/index";
import { migrateDatabase } from "../src/migrations";
import { withScratchDatabase } from "../src/testing";

const scratch = withScratchDatabase();
afterAll(async () => (await scratch).drop());

const dir = mkdtempSync(path.join(tmpdir(), "portico-seed-"));
const databases = [
  ["SQLite", async () => `file:${path.join(dir, "portico.db")}`],
  ["PostgreSQL", async () => (await scratch).url],
] as const;

describe.each(databases)("seed on %s", (_name, urlOf) => {
  it("creates the platform, a first admin with a generated password, and the demo, once", async () => {
    const url = await urlOf();
    await migrateDatabase(url);
    const db = createDb(url);
    try {
      await seedPlatform(db, { issuer: "https://localhost:9443" });
      await seedPlatform(db, { issuer: "https://localhost:9443" }); // idempotent
      expect(await db.role.count()).toBe(3);
      expect(await db.oAuthClient.findUnique({ where: { clientId: "portico-cli" } })).toMatchObject({
        tokenEndpointAuthMethod: "none",
        pkceRequired: true,
      });
      // grant types belong to the key manager's grant modules, which write their rows on start
      expect(await db.grantTypeSetting.count()).toBe(0);

      const admin = await seedAdmin(db, { username: "admin" });
      expect(admin?.password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(await seedAdmin(db, { username: "admin" })).toBeNull();
      const stored = await db.user.findUniqueOrThrow({
        where: { username: "admin" },
        include: { roles: { include: { role: true } } },
      });
      expect(stored.roles.map((r) => r.role.name).sort()).toEqual(["admin", "developer", "publisher"]);
      expect(stored.passwordHash).toMatch(/^scrypt\$/);

      const logins = await seedDemo(db, { backendUrl: "http://localhost:8181" });
      expect(logins.map((l) => l.username)).toEqual(["publisher", "developer"]);
      expect(await seedDemo(db, { backendUrl: "http://localhost:8181" })).toEqual([]);
      const api = await db.api.findFirstOrThrow({ include: { resources: { include: { scopes: true } } } });
      expect(api.state).toBe("PUBLISHED");
      expect(api.resources).toHaveLength(3);

      // no plaintext password anywhere in the data folder
      for (const f of readdirSync(dir)) {
        if (!statSync(path.join(dir, f)).isFile()) continue;
        const bytes = readFileSync(path.join(dir, f));
        for (const login of [admin, ...logins])
          expect(bytes.includes(Buffer.from(login?.password ?? "-"))).toBe(false);
      }
    } finally {
      await db.$disconnect();
    }
  });
});
