import { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import {
  adminRoutes,
  createRestHandler,
  describeRestApi,
  devportalRoutes,
  publisherRoutes,
  type Route,
} from "../src/rest/index";
import { GATEWAY, ISSUER, makeUser, type Provider, scratchDatabase, serve, tokenIssuer } from "./fixtures";

/** The three REST APIs, their bases, and the scopes a test token carries for each. */
export const restApis = {
  publisher: {
    base: "/api/publisher/v1",
    routes: publisherRoutes,
    scope: "portico:api_view portico:api_create portico:api_publish",
  },
  admin: { base: "/api/admin/v1", routes: adminRoutes, scope: "portico:admin" },
  devportal: {
    base: "/api/devportal/v1",
    routes: devportalRoutes,
    scope: "portico:subscribe portico:app_manage",
  },
} as const;
export type RestApiName = keyof typeof restApis;

/**
 * A scratch database (SQLite or PostgreSQL) with the publisher, admin and developer portal REST
 * APIs on one real port, and users with the given roles. Tokens carry every scope of the API
 * called; the roles decide what they may do (as the key manager would grant).
 */
export async function startPlatform(
  users: Record<string, string[]>,
  provider: Provider = "sqlite",
  /** when a real key manager runs on the same database: its keyring, so it can load the test key */
  keyManagerKeyring?: MasterKeyring,
) {
  const database = await scratchDatabase(provider);
  const db: Db = database.db;
  const token = await tokenIssuer(db, { keyManagerKeyring });
  const ids: Record<string, string> = {};
  for (const [name, roles] of Object.entries(users)) ids[name] = (await makeUser(db, name, roles)).id;
  const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
  const handlers = Object.values(restApis).map((api) => ({
    base: api.base,
    handle: createRestHandler(
      api.base,
      api.routes as Route[],
      () => ({ db, issuer: ISSUER, gatewayUrl: GATEWAY, keyring: () => keyring }),
      () =>
        describeRestApi({
          title: api.base,
          version: "v1",
          serverUrl: api.base,
          issuer: ISSUER,
          routes: api.routes as Route[],
        }),
    ),
  }));
  const server = await serve(async (request) => {
    const path = new URL(request.url).pathname;
    const handler = handlers.find((h) => path.startsWith(`${h.base}/`));
    return handler ? handler.handle(request) : new Response("no such API", { status: 404 });
  });

  /** Calls one of the REST APIs as a user (null: no token) with that API's scopes. */
  async function call(
    restApi: RestApiName,
    method: string,
    path: string,
    user: string | null,
    body?: unknown,
  ) {
    const bearer = user ? await token(ids[user] ?? "", restApis[restApi].scope) : null;
    const res = await fetch(`${server.url}${restApis[restApi].base}${path}`, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers field by field
    return { status: res.status, body: parsed as any };
  }

  return {
    db,
    ids,
    keyring,
    call,
    publisher: (method: string, path: string, user: string | null, body?: unknown) =>
      call("publisher", method, path, user, body),
    devportal: (method: string, path: string, user: string | null, body?: unknown) =>
      call("devportal", method, path, user, body),
    admin: (method: string, path: string, user: string | null, body?: unknown) =>
      call("admin", method, path, user, body),
    close: async () => {
      await server.close();
      await database.drop();
    },
  };
}
export type Platform = Awaited<ReturnType<typeof startPlatform>>;
