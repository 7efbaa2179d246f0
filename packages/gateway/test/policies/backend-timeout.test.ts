import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { call, createWorld, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;
let slow: Server;

beforeAll(async () => {
  world = await createWorld();
  // answers after the number of milliseconds in the path: /wait/700
  slow = createServer((req, res) => {
    const ms = Number(req.url?.split("/").pop());
    setTimeout(() => res.end("late"), ms).unref();
  });
  await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
  await world.createApi({
    context: "/impatient",
    productionEndpoint: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
    gatewayPolicies: [
      { policy: "backend-timeout", config: { responseTimeoutMs: 4_000 } },
      {
        policy: "backend-timeout",
        resource: { method: "GET", path: "/strict/{ms}" },
        config: { responseTimeoutMs: 1_000 },
      },
    ],
    resources: [
      { method: "GET", path: "/wait/{ms}", authRequired: false },
      { method: "GET", path: "/strict/{ms}", authRequired: false },
    ],
  });
  gw = await world.start();
});

afterAll(async () => {
  slow.closeAllConnections();
  slow.close();
  await world.close();
});

const get = (path: string) => call(`${gw.httpUrl}/impatient/1.0.0${path}`);

describe("backend-timeout policy at the gateway", () => {
  it("answers 504 backend_timeout when the backend takes longer than the API allows", async () => {
    const first = await get("/wait/50");
    expect([first.status, first.text]).toEqual([200, "late"]);
    const r = await get("/wait/6000");
    expect(r.status).toBe(504);
    expect(r.json().code).toBe("backend_timeout");
  });

  it("applies the shortest timeout when the API's and the resource's both apply", async () => {
    expect((await get("/wait/2500")).status).toBe(200);
    const started = Date.now();
    expect((await get("/strict/2500")).status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_500);
  });
});
