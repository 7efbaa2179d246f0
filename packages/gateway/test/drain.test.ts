// Stopping the gateway (what SIGTERM and Ctrl-C do in each worker) finishes the calls in flight,
// refuses new connections, and does not wait out a client's idle keep-alive connection.
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { createWorld, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
const slowBackend = createServer((req, res) => {
  req.resume();
  setTimeout(() => res.writeHead(200, { "content-type": "text/plain" }).end("slow answer"), 1_500);
});

beforeAll(async () => {
  world = await createWorld();
  await new Promise<void>((r) => slowBackend.listen(0, "127.0.0.1", r));
  await world.createApi({
    context: "/slow",
    productionEndpoint: `http://127.0.0.1:${(slowBackend.address() as AddressInfo).port}`,
    resources: [{ method: "GET", path: "/x", authRequired: false }],
  });
  gw = await world.start();
});
afterAll(async () => {
  slowBackend.closeAllConnections();
  await new Promise<void>((r) => slowBackend.close(() => r()));
  await world.close();
});

function get(url: string, agent: Agent): Promise<{ status: number; body: string; at: number }> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, at: Date.now() }));
    })
      .on("error", reject)
      .end();
  });
}

const refuses = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

it("a call in flight is answered, new connections are refused, and a keep-alive client does not hold the stop", async () => {
  // a client that keeps its connections open, as browsers and SDKs do
  const agent = new Agent({ keepAlive: true });
  const url = `${gw.httpUrl}/slow/1.0.0/x`;
  const inFlight = get(url, agent);
  await new Promise((r) => setTimeout(r, 300));
  const stopping = gw.close().then(() => Date.now());

  expect(await refuses(Number(new URL(gw.httpUrl).port))).toBe(true);
  const answer = await inFlight;
  expect(answer).toMatchObject({ status: 200, body: "slow answer" });
  // the gateway stops once that call is answered, not when its 5 s force timer fires
  expect((await stopping) - answer.at).toBeLessThan(1_000);
  agent.destroy();
}, 20_000);
