import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../../src/index";
import { call, createWorld, type World } from "../fixtures";

let world: World;
let gw: RunningGateway;
let now = Date.parse("2026-12-02T10:00:00Z");
/** what the backend does: answer 500, answer 200, or hold calls until released */
let mode: "fail" | "ok" | "hold" = "ok";
const held: Array<() => void> = [];

beforeAll(async () => {
  world = await createWorld();
  world.upstream.respond = (_seen, res) => {
    const answer = (status: number) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ status }));
    };
    if (mode === "hold") held.push(() => answer(200));
    else answer(mode === "fail" ? 500 : 200);
  };
  await world.createApi({
    context: "/fragile",
    gatewayPolicies: [
      {
        policy: "circuit-breaker",
        config: { failureThreshold: 3, windowSeconds: 10, openSeconds: 20, halfOpenProbes: 1 },
      },
    ],
    resources: [
      { method: "GET", path: "/a", authRequired: false },
      { method: "GET", path: "/b", authRequired: false },
    ],
  });
  await world.createApi({
    context: "/sturdy",
    resources: [{ method: "GET", path: "/a", authRequired: false }],
  });
  gw = await world.start({ clock: () => now });
});

afterAll(() => world.close());

const get = (path: string) => call(`${gw.httpUrl}/fragile/1.0.0${path}`);

describe("circuit-breaker policy at the gateway", () => {
  it("opens after N 5xx answers within the window and answers 503 circuit_open with Retry-After", async () => {
    mode = "fail";
    // failures spread beyond the window do not open it
    expect((await get("/a")).status).toBe(500);
    now += 11_000;
    expect((await get("/a")).status).toBe(500);
    expect((await get("/b")).status).toBe(500);
    now += 1_000;
    // the third failure within 10 s, on either resource of the API: open
    expect((await get("/a")).status).toBe(500);
    world.upstream.seen.length = 0;
    const refused = await get("/b");
    expect(refused.status).toBe(503);
    expect(refused.json().code).toBe("circuit_open");
    expect(refused.headers["retry-after"]).toBe("20");
    expect(world.upstream.seen).toHaveLength(0);
    // another API on the same backend is not affected
    mode = "ok";
    expect((await call(`${gw.httpUrl}/sturdy/1.0.0/a`)).status).toBe(200);
    now += 5_000;
    expect((await get("/a")).headers["retry-after"]).toBe("15");
  });

  it("lets exactly one probe through when racing calls arrive half-open, and closes on its success", async () => {
    now += 16_000; // past the cool-down
    mode = "hold";
    world.upstream.seen.length = 0;
    const racing = Array.from({ length: 8 }, () => get("/a"));
    // wait until the probe reached the backend and every other call was answered
    const settled = await Promise.race([
      Promise.all(racing.slice(0)).then(() => "all"),
      new Promise((r) => setTimeout(r, 1_500, "timeout")),
    ]);
    expect(settled).toBe("timeout"); // the probe is held by the backend
    expect(world.upstream.seen).toHaveLength(1);
    mode = "ok";
    for (const release of held.splice(0)) release();
    const answers = await Promise.all(racing);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = answers.filter((r) => r.status === 503);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r.json().code).toBe("circuit_open");
    // closed again: calls flow
    expect((await get("/a")).status).toBe(200);
    expect((await get("/b")).status).toBe(200);
  });

  it("opens again for a whole cool-down when the probe fails", async () => {
    mode = "fail";
    for (let i = 0; i < 3; i++) expect((await get("/a")).status).toBe(500);
    expect((await get("/a")).json().code).toBe("circuit_open");
    now += 21_000;
    expect((await get("/a")).status).toBe(500); // the probe
    const again = await get("/a");
    expect(again.json().code).toBe("circuit_open");
    expect(again.headers["retry-after"]).toBe("20");
    mode = "ok";
    now += 21_000;
    expect((await get("/a")).status).toBe(200);
  });

  it("counts a backend that cannot be reached as a failure", async () => {
    await world.createApi({
      context: "/gone",
      productionEndpoint: "http://127.0.0.1:9",
      gatewayPolicies: [{ policy: "circuit-breaker", config: { failureThreshold: 2 } }],
      resources: [{ method: "GET", path: "/a", authRequired: false }],
    });
    await world.change("api");
    const url = `${gw.httpUrl}/gone/1.0.0/a`;
    let first = await call(url);
    for (let i = 0; i < 40 && first.status === 404; i++) {
      await new Promise((r) => setTimeout(r, 100));
      first = await call(url);
    }
    expect(first.json().code).toBe("backend_unavailable");
    expect((await call(url)).json().code).toBe("backend_unavailable");
    expect((await call(url)).json().code).toBe("circuit_open");
  });

  it("is not opened by a caller who hangs up or sends a body the gateway refuses", async () => {
    await world.createApi({
      context: "/hangup",
      gatewayPolicies: [{ policy: "circuit-breaker", config: { failureThreshold: 2 } }],
      resources: [
        { method: "GET", path: "/a", authRequired: false },
        { method: "POST", path: "/a", authRequired: false },
      ],
    });
    await world.change("api");
    const url = `${gw.httpUrl}/hangup/1.0.0/a`;
    mode = "ok";
    let first = await call(url);
    for (let i = 0; i < 40 && first.status === 404; i++) {
      await new Promise((r) => setTimeout(r, 100));
      first = await call(url);
    }
    expect(first.status).toBe(200);
    mode = "hold";
    for (let i = 0; i < 3; i++) {
      const controller = new AbortController();
      const pending = request(url, { signal: controller.signal }).catch(() => "aborted");
      await new Promise((r) => setTimeout(r, 300));
      controller.abort();
      expect(await pending).toBe("aborted");
    }
    for (const release of held.splice(0)) release();
    mode = "ok";
    // bodies over the gateway's limit: 413, the caller's fault, not the backend's
    for (let i = 0; i < 3; i++) {
      const big = await call(url, { method: "POST", body: "x".repeat(10 * 1024 * 1024 + 1) });
      expect(big.status).toBe(413);
    }
    expect((await call(url)).status).toBe(200);
  });
});
