import type { Db } from "@portico/db";
import { createRestHandler, describeRestApi, type RestDeps, type Route } from "../src/rest/index";
import { GATEWAY, ISSUER, serve } from "./fixtures";

/** What a REST call answered: status, headers, the raw text and the parsed JSON (or the text). */
export interface RestAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers field by field
  body: any;
}

/**
 * Calls a REST API with a Bearer token (null: none). A body left out is not sent; a string is
 * sent as written (with `contentType`), anything else as JSON.
 */
export type RestCall = (
  method: string,
  path: string,
  bearer: string | null,
  body?: unknown,
  contentType?: string,
) => Promise<RestAnswer>;

export interface RestApiSpec {
  base: string;
  routes: readonly Route[];
}

/**
 * REST APIs over a scratch database on one real port, each under its base, built as the portals
 * build them (`createRestHandler` with the app's platform setup). `deps` overrides the setup:
 * a keyring, a frozen clock, a token issuer, trusted proxies, another issuer.
 */
export async function serveRestApis(db: Db, apis: RestApiSpec[], deps: Partial<RestDeps> = {}) {
  const setup = (): RestDeps => ({ db, issuer: ISSUER, gatewayUrl: GATEWAY, ...deps });
  const handlers = apis.map((api) => {
    const routes = [...api.routes];
    return {
      base: api.base,
      handle: createRestHandler(api.base, routes, setup, () =>
        describeRestApi({
          title: api.base,
          version: "v1",
          serverUrl: api.base,
          issuer: setup().issuer,
          routes,
        }),
      ),
    };
  });
  const server = await serve(async (request) => {
    const path = new URL(request.url).pathname;
    const handler = handlers.find((h) => path === h.base || path.startsWith(`${h.base}/`));
    return handler ? handler.handle(request) : new Response("no such API", { status: 404 });
  });

  /** The caller of the API under `base`. */
  function caller(base: string): RestCall {
    return async (method, path, bearer, body, contentType = "application/json") => {
      const res = await fetch(`${server.url}${base}${path}`, {
        method,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(body !== undefined ? { "content-type": contentType } : {}),
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = null;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        parsed = text;
      }
      // headers and text are there to read but not enumerable, so `toEqual({status, body})` compares the answer
      return Object.defineProperties({ status: res.status, body: parsed } as RestAnswer, {
        headers: { value: res.headers, enumerable: false },
        text: { value: text, enumerable: false },
      });
    };
  }

  return { url: server.url, caller, close: () => server.close() };
}

/** One REST API on a real port: `call` for it, `url` of its base for raw requests. */
export async function serveRestApi(db: Db, api: RestApiSpec, deps: Partial<RestDeps> = {}) {
  const served = await serveRestApis(db, [api], deps);
  return { url: `${served.url}${api.base}`, call: served.caller(api.base), close: served.close };
}

/** A body as JSON text, strings included (a test's string body is a JSON string, not raw text). */
export function asJson(body: unknown): string | undefined {
  return body === undefined ? undefined : JSON.stringify(body);
}
