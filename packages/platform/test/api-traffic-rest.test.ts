import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPublisherApi } from "./publisher-server";

let api: Awaited<ReturnType<typeof startPublisherApi>>;
const id: Record<string, string> = {};

beforeAll(async () => {
  api = await startPublisherApi({
    pat: ["publisher"],
    quinn: ["publisher"],
    dev: ["developer"],
    root: ["admin"],
  });
  const make = async (owner: string, name: string, visibility: string) =>
    (
      await api.call("POST", "/apis", owner, {
        name,
        version: "1.0.0",
        context: `/${name.toLowerCase()}`,
        visibility,
        resources: [{ method: "GET", path: "/" }],
      })
    ).body.id as string;
  id.open = await make("pat", "Open", "PUBLIC");
  id.mine = await make("pat", "Mine", "PRIVATE");
  id.theirs = await make("quinn", "Theirs", "PRIVATE");
  const ago = (minutes: number) => {
    // counters start on a minute, as the gateway writes them
    const t = new Date(Date.now() - minutes * 60_000);
    t.setUTCSeconds(0, 0);
    return t;
  };
  const row = (
    apiId: string,
    minutes: number,
    counts: Partial<Record<"calls" | "errors" | "throttled" | "denied", number>>,
  ) => api.db.usageCounter.create({ data: { apiId, bucketStart: ago(minutes), ...counts } });
  await row(id.open, 30, { calls: 10, errors: 2, throttled: 1, denied: 3 });
  await row(id.open, 5 * 60 + 10, { calls: 5 });
  await row(id.open, 25 * 60 + 10, { calls: 100 });
  await row(id.mine, 2 * 60 + 10, { calls: 4, errors: 4 });
  await row(id.theirs, 60 + 10, { calls: 7 });
});
afterAll(() => api.close());

type Traffic = {
  hours: number;
  apis: Array<{
    id: string;
    name: string;
    totals: Record<string, number>;
    hourly: Array<Record<string, number>>;
  }>;
};

describe("publisher REST API: traffic per API", () => {
  it("sums the last 24 hours per API the publisher can see, with one bucket per hour", async () => {
    const res = await api.call("GET", "/traffic", "pat");
    expect(res.status).toBe(200);
    const body = res.body as Traffic;
    expect(body.hours).toBe(24);
    expect(body.apis.map((a) => a.name)).toEqual(["Mine", "Open"]);
    const open = body.apis.find((a) => a.id === id.open);
    expect(open?.totals).toEqual({ calls: 15, errors: 2, throttled: 1, denied: 3 });
    expect(open?.hourly).toHaveLength(24);
    expect(open?.hourly[23]).toMatchObject({ calls: 10, errors: 2, throttled: 1, denied: 3 });
    expect(open?.hourly[18]?.calls).toBe(5);
    expect(open?.hourly.reduce((n, h) => n + (h.calls ?? 0), 0)).toBe(15);
    expect(body.apis.find((a) => a.id === id.mine)?.totals).toEqual({
      calls: 4,
      errors: 4,
      throttled: 0,
      denied: 0,
    });
  });

  it("widens the window on request and refuses a bad one", async () => {
    const wide = (await api.call("GET", "/traffic?hours=48", "pat")).body as Traffic;
    expect(wide.apis.find((a) => a.id === id.open)?.totals.calls).toBe(115);
    expect(wide.apis[0]?.hourly).toHaveLength(48);
    const bad = await api.call("GET", "/traffic?hours=0", "pat");
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].field).toBe("hours");
  });

  it("shows an admin every API, and a publisher only their own", async () => {
    const admin = (await api.call("GET", "/traffic", "root", undefined, "portico:api_view")).body as Traffic;
    expect(admin.apis.map((a) => a.name)).toEqual(["Mine", "Open", "Theirs"]);
    expect(admin.apis.find((a) => a.id === id.theirs)?.totals.calls).toBe(7);
    const quinn = (await api.call("GET", "/traffic", "quinn")).body as Traffic;
    expect(quinn.apis.map((a) => a.name)).toEqual(["Theirs"]);
  });

  it("refuses a developer even with the scope in the token", async () => {
    expect((await api.call("GET", "/traffic", "dev", undefined, "portico:api_view")).status).toBe(403);
  });
});
