import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleBackend, startSampleBackend } from "../src/index";

let backend: SampleBackend;
beforeAll(async () => {
  backend = await startSampleBackend({ port: 0 });
});
afterAll(() => backend.close());

describe("sample backend", () => {
  it("serves the menu and takes orders attributed to the backend JWT's subject", async () => {
    const menu = (await (await fetch(`${backend.url}/pizzashack/menu`)).json()) as unknown[];
    expect(menu.length).toBeGreaterThan(0);
    const claims = Buffer.from(JSON.stringify({ sub: "alice" })).toString("base64url");
    const res = await fetch(`${backend.url}/pizzashack/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-jwt-assertion": `e30.${claims}.sig` },
      body: JSON.stringify({ pizza: "funghi", quantity: 2 }),
    });
    expect(res.status).toBe(201);
    const order = (await res.json()) as { id: string; placedBy: string };
    expect(order.placedBy).toBe("alice");
    const again = await fetch(`${backend.url}/pizzashack/orders/${order.id}`);
    expect(((await again.json()) as { quantity: number }).quantity).toBe(2);
  });

  it("refuses an unknown pizza with 400", async () => {
    const res = await fetch(`${backend.url}/pizzashack/orders`, {
      method: "POST",
      body: JSON.stringify({ pizza: "pineapple" }),
    });
    expect(res.status).toBe(400);
  });

  it("answers the menu after ?delay= milliseconds, and a close lets that request finish", async () => {
    const late = await startSampleBackend({ port: 0 });
    const started = Date.now();
    const pending = fetch(`${late.url}/pizzashack/menu?delay=400`);
    await new Promise((r) => setTimeout(r, 100));
    const closed = late.close();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    await closed;
    // closed for good, without waiting out the keep-alive connection fetch left open
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("probes and stopping", () => {
  it("answers /_portico/live and /_portico/ready", async () => {
    const live = await fetch(`${backend.url}/_portico/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "UP" });
    const ready = await fetch(`${backend.url}/_portico/ready`);
    expect(await ready.json()).toEqual({ status: "READY" });
  });

  it("finishes the calls in flight when stopped, then refuses connections", async () => {
    const own = await startSampleBackend({ port: 0 });
    const { Agent, request } = await import("undici");
    const agent = new Agent({ connections: 2 });
    const slow = request(`${own.url}/pizzashack/menu?delay=800`, { dispatcher: agent });
    // a second keep-alive connection, busy when the stop begins
    const busy = request(`${own.url}/pizzashack/menu?delay=300`, { dispatcher: agent });
    await new Promise((r) => setTimeout(r, 100));
    const stopped = own.close();
    const slowAnswer = await slow;
    expect(slowAnswer.statusCode).toBe(200);
    expect(((await slowAnswer.body.json()) as unknown[]).length).toBeGreaterThan(0);
    const busyAnswer = await busy;
    expect(busyAnswer.statusCode).toBe(200);
    await busyAnswer.body.text();
    await stopped;
    await expect(fetch(`${own.url}/_portico/live`)).rejects.toThrow();
    await agent.close();
  });
});
