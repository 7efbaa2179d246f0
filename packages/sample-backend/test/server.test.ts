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
});
