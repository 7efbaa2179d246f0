import type { Db } from "@portico/db";
import { createRestHandler, describeRestApi, publisherRoutes } from "../src/rest/index";
import { GATEWAY, ISSUER, makeUser, type Provider, scratchDatabase, serve, tokenIssuer } from "./fixtures";

export const PUBLISHER_SCOPES = "portico:api_view portico:api_create portico:api_publish";

/** A scratch database, the publisher REST API on a real port, and users with the given roles. */
export async function startPublisherApi(users: Record<string, string[]>, provider: Provider = "sqlite") {
  const database = await scratchDatabase(provider);
  const db: Db = database.db;
  const token = await tokenIssuer(db);
  const ids: Record<string, string> = {};
  for (const [name, roles] of Object.entries(users)) ids[name] = (await makeUser(db, name, roles)).id;
  const base = "/api/publisher/v1";
  const server = await serve(
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

  /** Calls the REST API as a user with the publisher scopes (or the scopes given). */
  async function call(
    method: string,
    path: string,
    user: string | null,
    body?: unknown,
    scope = PUBLISHER_SCOPES,
  ) {
    const bearer = user ? await token(ids[user] ?? "", scope) : null;
    const res = await fetch(`${server.url}${base}${path}`, {
      method,
      headers: {
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers field by field
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  }

  return {
    db,
    ids,
    call,
    close: async () => {
      await server.close();
      await database.drop();
    },
  };
}
