// The operation context's clock: business time (traffic windows, token expiry at the REST API,
// secret expiry) follows `now`, so a test freezes it instead of sleeping.
import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publisherRoutes } from "../src/rest/index";
import { makeUser, scratchDb, tokenIssuer } from "./fixtures";
import { serveRestApi } from "./rest-api";

const SCOPES = "portico:api_view portico:api_create";

let db: Db;
let bearer: string;
/** what the frozen clock says; each test sets it */
let frozen = new Date();
let api: Awaited<ReturnType<typeof serveRestApi>>;

beforeAll(async () => {
  db = await scratchDb();
  const user = await makeUser(db, "pat", ["publisher"]);
  bearer = await (await tokenIssuer(db))(user.id, SCOPES, { expiresIn: 300 });
  api = await serveRestApi(db, { base: "/api/publisher/v1", routes: publisherRoutes }, { now: () => frozen });
});
afterAll(async () => {
  await api.close();
  await db.$disconnect();
});

describe("the operation context's clock", () => {
  it("ends the traffic window at the frozen moment, hour buckets counted back from it", async () => {
    frozen = new Date("2026-03-01T12:34:56.000Z");
    const res = await api.call("GET", "/traffic?hours=2", bearer);
    expect(res.status).toBe(200);
    expect(res.body.until).toBe("2026-03-01T12:34:56.000Z");
    expect(res.body.since).toBe("2026-03-01T10:34:56.000Z");
  });

  it("refuses a token the frozen clock has seen expire (the wall clock has not)", async () => {
    frozen = new Date(Date.now() + 3600_000);
    const res = await api.call("GET", "/apis", bearer);
    expect(res.status).toBe(401);
    expect(res.body.message).toBe("the access token has expired");
    frozen = new Date();
    expect((await api.call("GET", "/apis", bearer)).status).toBe(200);
  });
});
