import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { call, createWorld, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;
let slow: Server;
let blackhole: ChildProcess;
const fillers: Socket[] = [];

/**
 * A backend address that never completes a connection: a listening socket (backlog 1) in a
 * process that is stopped, so it never accepts; once its queue is full the kernel drops further
 * connection attempts, which then wait as they would for a blackholed address.
 */
async function blackholedPort(): Promise<number> {
  blackhole = spawn(
    process.execPath,
    [
      "-e",
      "require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, function () { console.log(this.address().port) })",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve) =>
    blackhole.stdout?.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  blackhole.kill("SIGSTOP");
  for (let i = 0; i < 4; i++) fillers.push(connect(port, "127.0.0.1").on("error", () => {}));
  await new Promise((r) => setTimeout(r, 200));
  return port;
}

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
  await world.createApi({
    context: "/unreachable",
    productionEndpoint: `http://127.0.0.1:${await blackholedPort()}`,
    gatewayPolicies: [{ policy: "backend-timeout", config: { connectTimeoutMs: 500 } }],
    resources: [{ method: "GET", path: "/x", authRequired: false }],
  });
  gw = await world.start();
});

afterAll(async () => {
  for (const socket of fillers) socket.destroy();
  blackhole?.kill("SIGKILL");
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

  it("answers 504 backend_timeout when connecting takes longer than the API's connect timeout", async () => {
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const r = await call(`${gw.httpUrl}/unreachable/1.0.0/x`);
      const took = Date.now() - started;
      expect(r.status).toBe(504);
      expect(r.json().code).toBe("backend_timeout");
      // the API's 0.5 s, not the gateway's 5 s
      expect(took).toBeGreaterThanOrEqual(450);
      expect(took).toBeLessThan(3_000);
    }
    // the other APIs' calls still go through the gateway's own pools
    expect((await get("/wait/10")).status).toBe(200);
  });
});
