import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnvironment, createRevision, deploy } from "./deployed-revisions";
import {
  bearer,
  type ChildGateway,
  call,
  createWorld,
  eventually,
  startChildGateway,
  type World,
} from "./fixtures";

// Gateways in different environments serve different revisions of one API, from the revisions,
// never from the working copy; a rollback reaches the right gateway within 2 s with no failed call.

let world: World;
let production: ChildGateway;
let staging: ChildGateway;
let apiId: string;
let resourceId: string;
let token: string;
const env: Record<string, string> = {};

beforeAll(async () => {
  world = await createWorld();
  const api = await world.createApi({ context: "/orders", resources: [{ method: "GET", path: "/which" }] });
  apiId = api.id;
  resourceId = api.resourceIds[0] ?? "";
  const app = await world.createApplication("env-app");
  await world.subscribe(app.id, apiId);
  ({ token } = await world.mintJwt({ clientId: app.productionClientId }));
  const spec = (version: string) => ({
    context: "/orders",
    production: `${world.upstream.url}/${version}`,
    resources: [{ id: resourceId, method: "GET", path: "/which" }],
  });
  const one = await createRevision(world, apiId, 1, spec("v1"));
  const two = await createRevision(world, apiId, 2, spec("v2"));
  env.production = await createEnvironment(world, "production");
  env.staging = await createEnvironment(world, "staging");
  env.one = one;
  env.two = two;
  await deploy(world, apiId, env.production, one);
  await deploy(world, apiId, env.staging, two);
  [production, staging] = await Promise.all([
    startChildGateway(world, { env: { PORTICO_GATEWAY_ENVIRONMENT: "production" } }),
    startChildGateway(world, { env: { PORTICO_GATEWAY_ENVIRONMENT: "staging" } }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([production?.stop(), staging?.stop()]);
  await world.close();
});

/** Which revision answered: the backend path the gateway called (`/v1/which` or `/v2/which`). */
async function served(gateway: ChildGateway): Promise<{ status: number; version: string | undefined }> {
  const answer = await call(`${gateway.httpUrl}/orders/1.0.0/which`, { headers: bearer(token) });
  const version = answer.status === 200 ? String(answer.json().url).split("/")[1] : undefined;
  return { status: answer.status, version };
}

describe("gateway environments", () => {
  it("serve the revision deployed to their environment, not the working copy", async () => {
    expect(await served(production)).toEqual({ status: 200, version: "v1" });
    expect(await served(staging)).toEqual({ status: 200, version: "v2" });

    // A save of the working copy reaches no gateway.
    await world.db.api.update({
      where: { id: apiId },
      data: { productionEndpoint: `${world.upstream.url}/v3` },
    });
    await world.change("api", apiId);
    // A gateway of `default`, where nothing of the API is deployed, does not serve it at all.
    const own = await world.start();
    expect((await call(`${own.httpUrl}/orders/1.0.0/which`, { headers: bearer(token) })).status).toBe(404);
    expect(await served(production)).toEqual({ status: 200, version: "v1" });
    expect(await served(staging)).toEqual({ status: 200, version: "v2" });
  });

  it("a rollback shows up on the right gateway within 2 s while a load loop sees no failed call", async () => {
    const answers: Array<{ gateway: string; status: number; version: string | undefined; at: number }> = [];
    let running = true;
    const loop = async (name: string, gateway: ChildGateway) => {
      while (running) answers.push({ gateway: name, ...(await served(gateway)), at: Date.now() });
    };
    const loops = [0, 1, 2].flatMap(() => [loop("production", production), loop("staging", staging)]);
    await new Promise((r) => setTimeout(r, 1_000));

    const rolledBackAt = Date.now();
    await deploy(world, apiId, env.staging ?? "", env.one ?? "");
    const seenAt = await eventually(async () => {
      const answer = await served(staging);
      expect(answer.version).toBe("v1");
      return Date.now();
    }, 2_000);
    // Keep loading a little after the switch, then stop.
    await new Promise((r) => setTimeout(r, 1_000));
    running = false;
    await Promise.all(loops);

    expect(seenAt - rolledBackAt).toBeLessThan(2_000);
    // the loop called both gateways before and after the switch
    for (const name of ["production", "staging"]) {
      expect(answers.some((a) => a.gateway === name && a.at < rolledBackAt)).toBe(true);
      expect(answers.some((a) => a.gateway === name && a.at > seenAt)).toBe(true);
    }
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    // production never moved; staging served v2 then v1, never the working copy (v3)
    expect(new Set(answers.filter((a) => a.gateway === "production").map((a) => a.version))).toEqual(
      new Set(["v1"]),
    );
    const stagingVersions = answers.filter((a) => a.gateway === "staging").map((a) => a.version);
    expect(stagingVersions).not.toContain("v3");
    expect(stagingVersions[0]).toBe("v2");
    expect(stagingVersions.at(-1)).toBe("v1");
    // once switched, it stays switched
    const firstOne = stagingVersions.indexOf("v1");
    expect(stagingVersions.slice(firstOne)).not.toContain("v2");
  }, 30_000);

  it("undeploying stops the environment's gateways serving the API; blocking applies without a deployment", async () => {
    await world.db.apiDeployment.delete({
      where: { apiId_environmentId: { apiId, environmentId: env.staging ?? "" } },
    });
    await world.change("api", apiId);
    await eventually(async () => expect((await served(staging)).status).toBe(404));
    expect(await served(production)).toEqual({ status: 200, version: "v1" });

    await world.db.api.update({ where: { id: apiId }, data: { state: "BLOCKED" } });
    await world.change("api", apiId);
    await eventually(async () => expect((await served(production)).status).not.toBe(200));
  });

  it("an unreadable revision is not served (fail closed), and the other environment keeps serving", async () => {
    await world.db.api.update({ where: { id: apiId }, data: { state: "PUBLISHED" } });
    const broken = await world.db.apiRevision.create({
      data: { apiId, number: 3, definition: { format: 99, api: {} } },
    });
    await deploy(world, apiId, env.staging ?? "", broken.id);
    await eventually(async () => expect((await served(production)).status).toBe(200));
    expect((await served(staging)).status).toBe(404);
  });
});
