import type { Db } from "@portico/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRestHandler, describeRestApi, publisherRoutes } from "../src/rest/index";
import { GATEWAY, ISSUER, makeUser, scratchDb, serve, tokenIssuer } from "./fixtures";

// A production endpoint that is not a URL once crashed the validation itself (a refinement parsed
// it with `new URL`), which the portal showed as "This page couldn't load".
let db: Db;
let server: Awaited<ReturnType<typeof serve>>;
let bearer = "";

beforeAll(async () => {
  db = await scratchDb();
  const token = await tokenIssuer(db);
  const pat = await makeUser(db, "pat", ["publisher"]);
  bearer = await token(pat.id, "portico:api_view portico:api_create");
  const base = "/api/publisher/v1";
  server = await serve(
    createRestHandler(
      base,
      publisherRoutes,
      () => ({ db, issuer: ISSUER, gatewayUrl: GATEWAY }),
      () =>
        describeRestApi({
          title: "Publisher",
          version: "v1",
          serverUrl: base,
          issuer: ISSUER,
          routes: publisherRoutes,
        }),
    ),
  );
});
afterAll(async () => {
  await server.close();
  await db.$disconnect();
});

async function createApi(endpoints: Record<string, unknown>) {
  const res = await fetch(`${server.url}/api/publisher/v1/apis`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Weather", version: "1.0.0", context: "/weather", endpoints }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      code: string;
      details?: { fields: Array<{ field: string; message: string }> };
    },
  };
}

describe("endpoint URLs that are not URLs", () => {
  it.each([
    ["plain words", { production: "not a url" }, "endpoints.production"],
    ["a host without a scheme", { production: "weather.example/api" }, "endpoints.production"],
    ["an empty string", { production: "" }, "endpoints.production"],
    [
      "a failover",
      { production: "http://127.0.0.1:9/w", productionFailovers: ["::"] },
      "endpoints.productionFailovers.0",
    ],
  ])("answers 400 naming the field for %s, and creates nothing", async (_, endpoints, field) => {
    const res = await createApi(endpoints);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("VALIDATION_FAILED");
    expect(res.body.details?.fields).toContainEqual({ field, message: "must be an http(s) URL" });
    expect(await db.api.count()).toBe(0);
  });

  it("still refuses credentials in a URL, with its own message", async () => {
    const res = await createApi({ production: "https://user:pw@weather.example/api" });
    expect(res.status).toBe(400);
    expect(res.body.details?.fields).toContainEqual({
      field: "endpoints.production",
      message: "credentials do not belong in the URL",
    });
  });
});
