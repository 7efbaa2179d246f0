// The grant modules are the only source of the grant types' rows: the key manager writes them on
// start, keeps an admin's switch, refreshes the texts, and two replicas starting together agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInGrantTypes, startKeyManager } from "../src/index";
import { type Platform, PROVIDERS, startPlatform } from "./fixture";

describe.each(PROVIDERS)("grant type rows on %s", (provider) => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform({ provider });
  });
  afterAll(async () => {
    await p?.close();
  });

  const restart = () =>
    startKeyManager({ db: p.db, dataDir: p.dataDir, port: 0, logLevel: "error" }).then((km) => km.close());

  it("has one row per grant module, as the module describes it", async () => {
    const rows = new Map((await p.db.grantTypeSetting.findMany()).map((r) => [r.name, r]));
    expect([...rows.keys()].sort()).toEqual(builtInGrantTypes.map((m) => m.grantType).sort());
    for (const { grantType, setting } of builtInGrantTypes) {
      expect(rows.get(grantType)).toMatchObject({
        displayName: setting.displayName,
        description: setting.description,
        risk: setting.risk ?? null,
        enabled: setting.enabled,
      });
    }
    expect(rows.get("password")?.risk).toMatch(/password/);
    expect(rows.get("urn:ietf:params:oauth:grant-type:jwt-bearer")?.enabled).toBe(false);
  });

  it("keeps an admin's switch across a restart and puts the module's texts back", async () => {
    await p.db.grantTypeSetting.update({
      where: { name: "password" },
      data: { enabled: false, description: "edited in the database" },
    });
    await p.db.grantTypeSetting.update({ where: { name: "kerberos" }, data: { enabled: true } });
    await restart();
    const password = await p.db.grantTypeSetting.findUniqueOrThrow({ where: { name: "password" } });
    expect(password.enabled).toBe(false);
    expect(password.description).toBe(
      builtInGrantTypes.find((m) => m.grantType === "password")?.setting.description,
    );
    expect((await p.db.grantTypeSetting.findUniqueOrThrow({ where: { name: "kerberos" } })).enabled).toBe(
      true,
    );
  });

  it("creates the rows once when two key managers start on an empty table at the same time", async () => {
    await p.db.keyManagerGrantType.deleteMany();
    await p.db.grantTypeSetting.deleteMany();
    await Promise.all([restart(), restart()]);
    expect(await p.db.grantTypeSetting.count()).toBe(builtInGrantTypes.length);
    const password = await p.db.grantTypeSetting.findUniqueOrThrow({ where: { name: "password" } });
    expect(password.enabled).toBe(true);
  });
});
