import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as platform from "../src/index";
import { GATEWAY, ISSUER, type Provider } from "./fixtures";
import { type Platform, startPlatform } from "./platform-server";

// Revisions, deployments and gateway environments through the publisher and admin REST APIs:
// what a publisher sees, the limits, and what a hostile or second publisher gets.

describe.each<Provider>(["sqlite", "postgresql"])("revisions and environments on %s", (provider) => {
  let p: Platform;
  let n = 0;

  beforeAll(async () => {
    p = await startPlatform(
      { ann: ["publisher"], bob: ["publisher"], root: ["admin"], dana: ["developer"] },
      provider,
    );
  });
  afterAll(() => p?.close());

  async function publishedApi(user = "ann") {
    n++;
    const created = await p.publisher("POST", "/apis", user, {
      name: `Rev${n}`,
      version: "1.0.0",
      context: `/rev${n}`,
      endpoints: { production: "https://backend.example/v1" },
      scopes: [{ name: `rev${n}:read`, roles: ["developer"] }],
      resources: [{ method: "GET", path: "/orders", scopes: [`rev${n}:read`] }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    expect((await p.publisher("POST", `/apis/${id}/lifecycle`, user, { action: "publish" })).status).toBe(
      200,
    );
    return { id, scope: `rev${n}:read` };
  }
  const revisions = async (id: string) => (await p.publisher("GET", `/apis/${id}/revisions`, "ann")).body;

  it("publishing an API never deployed deploys it as revision 1 to default; later saves do not", async () => {
    const { id } = await publishedApi();
    const list = await revisions(id);
    expect(list).toEqual([
      expect.objectContaining({
        number: 1,
        deployments: [expect.objectContaining({ environment: "default" })],
      }),
    ]);
    const deployments = await p.publisher("GET", `/apis/${id}/deployments`, "ann");
    expect(deployments.body.servesWorkingCopy).toBe(false);
    expect(deployments.body.environments).toEqual([
      expect.objectContaining({ environment: "default", revision: { id: list[0].id, number: 1 } }),
    ]);
    // blocking and publishing again does not make another revision
    await p.publisher("POST", `/apis/${id}/lifecycle`, "ann", { action: "block" });
    await p.publisher("POST", `/apis/${id}/lifecycle`, "ann", { action: "unblock" });
    expect(await revisions(id)).toHaveLength(1);
  });

  it("compares two revisions as added, removed and changed resources, scopes and settings", async () => {
    const { id, scope } = await publishedApi();
    const [first] = await revisions(id);
    const saved = await p.publisher("PUT", `/apis/${id}`, "ann", {
      endpoints: { production: "https://backend.example/v2" },
      scopes: [{ name: scope, roles: ["developer", "admin"] }],
      resources: [
        { method: "GET", path: "/orders", scopes: [] },
        { method: "POST", path: "/orders", scopes: [scope] },
      ],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const second = await p.publisher("POST", `/apis/${id}/revisions`, "ann", {
      description: "orders can be placed",
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ number: 2, description: "orders can be placed", createdBy: "ann" });

    const compared = await p.publisher(
      "GET",
      `/apis/${id}/revisions/compare?from=${first.id}&to=${second.body.id}`,
      "ann",
    );
    expect(compared.status).toBe(200);
    const { diff } = compared.body;
    expect(diff.same).toBe(false);
    expect(diff.resources.added).toEqual([{ method: "POST", path: "/orders" }]);
    expect(diff.resources.removed).toEqual([]);
    expect(diff.resources.changed).toEqual([
      { method: "GET", path: "/orders", changes: [{ field: "scopes", from: [scope], to: [] }] },
    ]);
    expect(diff.scopes.changed).toEqual([
      { name: scope, changes: [{ field: "roles", from: ["developer"], to: ["admin", "developer"] }] },
    ]);
    expect(diff.settings).toEqual([
      { field: "endpoints.production", from: "https://backend.example/v1", to: "https://backend.example/v2" },
    ]);
    // the working copy is the second revision: nothing differs
    const against = await p.publisher(
      "GET",
      `/apis/${id}/revisions/compare?from=${second.body.id}&to=working-copy`,
      "ann",
    );
    expect(against.body.diff.same).toBe(true);
    // bad queries are 400 and name the field
    const bad = await p.publisher("GET", `/apis/${id}/revisions/compare?from=${first.id}`, "ann");
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe("to");
    expect(
      (await p.publisher("GET", `/apis/${id}/revisions/compare?from=x&to=working-copy`, "ann")).status,
    ).toBe(404);
  });

  it("restores a revision into the working copy without changing what is deployed", async () => {
    const { id } = await publishedApi();
    const [first] = await revisions(id);
    await p.publisher("PUT", `/apis/${id}`, "ann", {
      description: "changed",
      resources: [{ method: "DELETE", path: "/orders/{id}" }],
    });
    const restored = await p.publisher("POST", `/apis/${id}/revisions/${first.id}/restore`, "ann");
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    const api = (await p.publisher("GET", `/apis/${id}`, "ann")).body;
    expect(api.description).toBeNull();
    expect(api.resources.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual([
      "GET /orders",
    ]);
    const same = await p.publisher(
      "GET",
      `/apis/${id}/revisions/compare?from=${first.id}&to=working-copy`,
      "ann",
    );
    expect(same.body.diff.resources).toEqual({ added: [], removed: [], changed: [] });
    expect(
      (await p.publisher("GET", `/apis/${id}/deployments`, "ann")).body.environments[0].revision.number,
    ).toBe(1);
  });

  it("keeps at most 5 revisions: the oldest undeployed goes; all 5 deployed is 409; numbers are never reused", async () => {
    const { id } = await publishedApi();
    for (let i = 0; i < 4; i++)
      expect((await p.publisher("POST", `/apis/${id}/revisions`, "ann", {})).status).toBe(201);
    expect((await revisions(id)).map((r: { number: number }) => r.number)).toEqual([5, 4, 3, 2, 1]);
    // revision 1 is deployed to default, so revision 2 is pruned
    expect((await p.publisher("POST", `/apis/${id}/revisions`, "ann", {})).status).toBe(201);
    expect((await revisions(id)).map((r: { number: number }) => r.number)).toEqual([6, 5, 4, 3, 1]);

    // deploy every kept revision somewhere: then a sixth is refused and nothing changes
    const kept = await revisions(id);
    for (const [i, r] of kept.entries()) {
      if (r.number === 1) continue;
      const name = `env${n}-${i}`;
      const env = await p.admin("POST", "/environments", "root", {
        name,
        displayName: `Env ${i}`,
        httpsUrl: `https://${name}.gw.example`,
      });
      expect(env.status, JSON.stringify(env.body)).toBe(201);
      expect(
        (
          await p.publisher("POST", `/apis/${id}/deployments`, "ann", {
            revisionId: r.id,
            environments: [name],
          })
        ).status,
      ).toBe(200);
    }
    const refused = await p.publisher("POST", `/apis/${id}/revisions`, "ann", {});
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/all 5 revisions of this API are deployed/);
    expect((await revisions(id)).map((r: { number: number }) => r.number)).toEqual([6, 5, 4, 3, 1]);

    // a deployed revision cannot be deleted; undeployed, it can, and its number is not given again
    const six = kept[0];
    const envOfSix = six.number === 6 ? `env${n}-0` : "";
    expect((await p.publisher("DELETE", `/apis/${id}/revisions/${six.id}`, "ann")).status).toBe(409);
    expect((await p.publisher("DELETE", `/apis/${id}/deployments/${envOfSix}`, "ann")).status).toBe(200);
    expect((await p.publisher("DELETE", `/apis/${id}/revisions/${six.id}`, "ann")).status).toBe(204);
    const seventh = await p.publisher("POST", `/apis/${id}/revisions`, "ann", {});
    expect(seventh.body.number).toBe(7);
    // environments with deployments cannot be deleted
    expect((await p.admin("DELETE", `/environments/env${n}-1`, "root")).status).toBe(409);
  });

  it("refuses bad deployments and another publisher, changing nothing", async () => {
    const { id } = await publishedApi();
    const [first] = await revisions(id);
    const other = await publishedApi("bob");
    const [bobs] = (await p.publisher("GET", `/apis/${other.id}/revisions`, "bob")).body;
    const deploy = (user: string, apiId: string, body: unknown) =>
      p.publisher("POST", `/apis/${apiId}/deployments`, user, body);

    expect((await deploy("ann", id, { revisionId: first.id, environments: ["nowhere"] })).status).toBe(400);
    expect((await deploy("ann", id, { revisionId: first.id, environments: ["Bad Name"] })).status).toBe(400);
    expect((await deploy("ann", id, { revisionId: first.id, environments: [] })).status).toBe(400);
    expect(
      (await deploy("ann", id, { revisionId: first.id, environments: ["default"], extra: 1 })).status,
    ).toBe(400);
    // another API's revision through one's own API: 404
    expect((await deploy("bob", other.id, { revisionId: first.id, environments: ["default"] })).status).toBe(
      404,
    );
    expect((await deploy("ann", id, { revisionId: bobs.id, environments: ["default"] })).status).toBe(404);
    // bob cannot see, deploy, undeploy, restore or delete ann's revisions
    expect((await deploy("bob", id, { revisionId: first.id, environments: ["default"] })).status).toBe(404);
    expect((await p.publisher("DELETE", `/apis/${id}/deployments/default`, "bob")).status).toBe(404);
    expect((await p.publisher("GET", `/apis/${other.id}/revisions/${first.id}`, "bob")).status).toBe(404);
    expect((await p.publisher("POST", `/apis/${other.id}/revisions/${first.id}/restore`, "bob")).status).toBe(
      404,
    );
    expect((await p.publisher("DELETE", `/apis/${other.id}/revisions/${first.id}`, "bob")).status).toBe(404);
    expect(
      (await p.publisher("POST", `/apis/${id}/revisions`, "ann", { description: "x".repeat(501) })).status,
    ).toBe(400);
    expect(await revisions(id)).toHaveLength(1);
    expect(
      (await p.publisher("GET", `/apis/${id}/deployments`, "ann")).body.environments[0].revision.id,
    ).toBe(first.id);
  });

  it("admins define environments; bad names and URLs are 400, duplicates 409, default stays", async () => {
    const create = (body: unknown) => p.admin("POST", "/environments", "root", body);
    expect(
      (await create({ name: "Partner_EU", displayName: "x", httpsUrl: "https://eu.example" })).status,
    ).toBe(400);
    expect(
      (await create({ name: "partner-eu", displayName: "x", httpsUrl: "http://eu.example" })).status,
    ).toBe(400);
    expect(
      (await create({ name: "partner-eu", displayName: "x", httpsUrl: "https://u:p@eu.example" })).status,
    ).toBe(400);
    const made = await create({
      name: "partner-eu",
      displayName: "Partner EU",
      httpsUrl: "https://eu.gw.example/",
      httpUrl: "http://eu.gw.example",
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ name: "partner-eu", httpsUrl: "https://eu.gw.example" });
    expect(
      (await create({ name: "partner-eu", displayName: "again", httpsUrl: "https://x.example" })).status,
    ).toBe(409);
    expect((await p.admin("DELETE", "/environments/default", "root")).status).toBe(409);
    expect((await p.admin("PUT", "/environments/nowhere", "root", { displayName: "x" })).status).toBe(404);
    expect((await p.admin("GET", "/environments", "ann")).status).toBe(403);
    expect((await p.admin("DELETE", "/environments/partner-eu", "root")).status).toBe(204);
  });

  it("with deploying on publish turned off, publishing deploys nothing", async () => {
    expect((await p.admin("PUT", "/deployment-settings", "root", {})).status).toBe(400);
    expect(
      (await p.admin("PUT", "/deployment-settings", "root", { autoDeployOnPublish: false })).status,
    ).toBe(200);
    try {
      const { id } = await publishedApi();
      expect(await revisions(id)).toEqual([]);
      const deployments = (await p.publisher("GET", `/apis/${id}/deployments`, "ann")).body;
      expect(deployments.servesWorkingCopy).toBe(false);
      expect(deployments.environments.every((e: { revision: unknown }) => e.revision === null)).toBe(true);
    } finally {
      await p.admin("PUT", "/deployment-settings", "root", { autoDeployOnPublish: true });
    }
  });

  it("tells a developer, per environment serving the API, the URL to call", async () => {
    const { id } = await publishedApi();
    const dana = platform.buildOperationContext(
      { db: p.db, gatewayUrl: GATEWAY, issuer: ISSUER },
      platform.sessionPrincipal({ id: p.ids.dana ?? "", username: "dana", roles: ["developer"] }),
    );
    const context = (await p.publisher("GET", `/apis/${id}`, "ann")).body.context;
    expect(await platform.listCatalogApiEnvironments(dana, id)).toEqual([
      {
        environment: "default",
        displayName: "Default",
        httpsUrl: `${GATEWAY}${context}/1.0.0`,
        httpUrl: null,
      },
    ]);
    const name = `eu${n}`;
    await p.admin("POST", "/environments", "root", {
      name,
      displayName: "Partner EU",
      httpsUrl: "https://eu.gw.example",
      httpUrl: "http://eu.gw.example",
    });
    const [first] = await revisions(id);
    await p.publisher("POST", `/apis/${id}/deployments`, "ann", {
      revisionId: first.id,
      environments: [name],
    });
    await p.publisher("DELETE", `/apis/${id}/deployments/default`, "ann");
    expect(await platform.listCatalogApiEnvironments(dana, id)).toEqual([
      {
        environment: name,
        displayName: "Partner EU",
        httpsUrl: `https://eu.gw.example${context}/1.0.0`,
        httpUrl: `http://eu.gw.example${context}/1.0.0`,
      },
    ]);
  });

  it("racing creations get distinct numbers; a deployment racing a deletion never leaves a dangling deployment", async () => {
    const { id } = await publishedApi();
    const made = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => p.publisher("POST", `/apis/${id}/revisions`, "ann", {})),
    );
    expect(made.map((r) => r.status).every((s) => s === 201 || s === 409)).toBe(true);
    const numbers = made.filter((r) => r.status === 201).map((r) => r.body.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect((await revisions(id)).length).toBeLessThanOrEqual(5);

    const [, victim] = await revisions(id);
    const [deployed, deleted] = await Promise.all([
      p.publisher("POST", `/apis/${id}/deployments`, "ann", {
        revisionId: victim.id,
        environments: ["default"],
      }),
      p.publisher("DELETE", `/apis/${id}/revisions/${victim.id}`, "ann"),
    ]);
    expect([deployed.status, deleted.status]).not.toContain(500);
    const serving = (await p.publisher("GET", `/apis/${id}/deployments`, "ann")).body.environments[0]
      .revision;
    const kept = (await revisions(id)).map((r: { id: string }) => r.id);
    expect(kept).toContain(serving.id);
    if (deleted.status === 204) expect(serving.id).not.toBe(victim.id);
    else expect([deployed.status, deleted.status]).toEqual([200, 409]);
  });
});
