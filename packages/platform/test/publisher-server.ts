import type { Db } from "@portico/db";
import { publisherRoutes } from "../src/rest/index";
import { makeUser, type Provider, scratchDatabase, tokenIssuer } from "./fixtures";
import { asJson, serveRestApi } from "./rest-api";

export const PUBLISHER_SCOPES = "portico:api_view portico:api_create portico:api_publish";

/**
 * A scratch database (SQLite unless a PostgreSQL one is asked for), the publisher REST API on a
 * real port, and users with the given roles.
 */
export async function startPublisherApi(
  users: Record<string, string[]>,
  { provider = "sqlite" }: { provider?: Provider } = {},
) {
  const { db, drop }: { db: Db; drop(): Promise<void> } = await scratchDatabase(provider);
  const token = await tokenIssuer(db);
  const ids: Record<string, string> = {};
  for (const [name, roles] of Object.entries(users)) ids[name] = (await makeUser(db, name, roles)).id;
  const api = await serveRestApi(db, { base: "/api/publisher/v1", routes: publisherRoutes });

  /** Calls the REST API as a user with the publisher scopes (or the scopes given). */
  async function call(
    method: string,
    path: string,
    user: string | null,
    body?: unknown,
    scope = PUBLISHER_SCOPES,
  ) {
    const bearer = user ? await token(ids[user] ?? "", scope) : null;
    return api.call(method, path, bearer, asJson(body));
  }

  return {
    db,
    ids,
    call,
    /** the API's base URL and a user's token, for requests `call` cannot make (raw bodies) */
    base: api.url,
    bearer: (user: string) => token(ids[user] ?? "", PUBLISHER_SCOPES),
    close: async () => {
      await api.close();
      await drop();
    },
  };
}
