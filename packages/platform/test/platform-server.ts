import { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { adminRoutes, devportalRoutes, publisherRoutes } from "../src/rest/index";
import { makeUser, type Provider, scratchDatabase, tokenIssuer } from "./fixtures";
import { asJson, serveRestApis } from "./rest-api";

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
  options: {
    now?: () => Date;
    /** when a real key manager runs on the same database: its keyring, so it can load the test key */
    keyManagerKeyring?: MasterKeyring;
  } = {},
) {
  const database = await scratchDatabase(provider);
  const db: Db = database.db;
  const token = await tokenIssuer(db, { keyManagerKeyring: options.keyManagerKeyring });
  const ids: Record<string, string> = {};
  for (const [name, roles] of Object.entries(users)) ids[name] = (await makeUser(db, name, roles)).id;
  const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
  const served = await serveRestApis(db, Object.values(restApis), {
    keyring: () => keyring,
    now: options.now,
  });
  const callers = {
    publisher: served.caller(restApis.publisher.base),
    admin: served.caller(restApis.admin.base),
    devportal: served.caller(restApis.devportal.base),
  };

  /** Calls one of the REST APIs as a user (null: no token) with that API's scopes. */
  async function call(
    restApi: RestApiName,
    method: string,
    path: string,
    user: string | null,
    body?: unknown,
  ) {
    const bearer = user ? await token(ids[user] ?? "", restApis[restApi].scope) : null;
    return callers[restApi](method, path, bearer, asJson(body));
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
      await served.close();
      await database.drop();
    },
  };
}
export type Platform = Awaited<ReturnType<typeof startPlatform>>;
