"use server";

import { AppError, getCatalogApi, subscribe } from "@portico/platform";
import { revalidatePath } from "next/cache";
import { requireDeveloper } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";
import { callGateway, TRY_IT_MAX_BODY_BYTES, TRY_IT_TIMEOUT_MS, type TryItState } from "./call-gateway";

export async function subscribeAction(apiId: string, _prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    async () =>
      subscribe(operationContext(await requireDeveloper()), {
        applicationId: String(form.get("applicationId") ?? ""),
        apiId,
        tier: String(form.get("tier") ?? ""),
      }),
    "Subscribed.",
  );
  revalidatePath(`/apis/${apiId}`);
  return state;
}

// RFC 6750 b64token: anything else cannot be a bearer token and must not reach a header.
const BEARER = /^[A-Za-z0-9\-._~+/]+=*$/;
// An API key goes in a header as typed: visible ASCII only, so nothing can split the header.
const API_KEY = /^[\x21-\x7E]{1,512}$/;

/**
 * The try-it console: calls one of the API's resources through the gateway from the server.
 * The URL comes from the API's own gateway URL and resource; the browser only fills in the path
 * parameters, a query string, a body, the token and the API key (whose header is the one the
 * publisher named, never the browser's choice).
 */
export async function tryItAction(apiId: string, _prev: TryItState, form: FormData): Promise<TryItState> {
  const actor = await requireDeveloper();
  let api: Awaited<ReturnType<typeof getCatalogApi>>;
  try {
    api = await getCatalogApi(operationContext(actor), apiId);
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    throw error;
  }
  const fields: Record<string, string> = {};
  const resource = api.resources.find((r) => r.id === String(form.get("resourceId") ?? ""));
  if (!resource)
    return { ok: false, message: "Choose a resource.", fields: { resourceId: "choose a resource" } };

  let path = resource.path;
  for (const [, name = ""] of resource.path.matchAll(/\{([^}]+)\}/g)) {
    const value = String(form.get(`param.${name}`) ?? "").trim();
    if (!value) fields[`param.${name}`] = "a value is required";
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  }
  const query = String(form.get("query") ?? "")
    .trim()
    .replace(/^\?/, "");
  const token = String(form.get("token") ?? "").trim();
  if (token && !BEARER.test(token)) fields.token = "not a bearer token (letters, digits and -._~+/ only)";
  const apiKey = String(form.get("apiKey") ?? "").trim();
  const keys = api.securitySchemes.apiKey;
  const keyAccepted =
    keys.enabled &&
    (keys.resources.length === 0 || keys.resources.includes(`${resource.method} ${resource.path}`));
  if (apiKey && !keyAccepted) fields.apiKey = "this resource does not accept API keys";
  else if (apiKey && !API_KEY.test(apiKey)) fields.apiKey = "not an API key (visible characters, no spaces)";
  if (resource.authRequired && !token && !apiKey)
    fields[keyAccepted ? "apiKey" : "token"] = keyAccepted
      ? "this resource needs an API key or a token"
      : "this resource needs a token";
  const body = String(form.get("body") ?? "");
  if (Buffer.byteLength(body) > TRY_IT_MAX_BODY_BYTES) fields.body = "at most 64 KiB";
  if (Object.keys(fields).length) return { ok: false, message: "Check the highlighted fields.", fields };

  const url = `${api.gatewayUrls.versioned}${path}${query ? `?${new URLSearchParams(query)}` : ""}`;
  const request = { method: resource.method, url };
  try {
    const response = await callGateway({
      ...request,
      token: token || undefined,
      apiKey: apiKey ? { header: keys.header, value: apiKey } : undefined,
      body,
      contentType: String(form.get("contentType") ?? "") || undefined,
    });
    return { ok: true, request, response };
  } catch (error) {
    const reason =
      error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")
        ? `the gateway did not answer within ${TRY_IT_TIMEOUT_MS / 1000} seconds`
        : `could not reach the gateway (${errorCode(error)})`;
    return { ok: false, request, message: reason };
  }
}

/** A network error's code (ECONNREFUSED, CERT_…), never its full text. */
function errorCode(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === "string" ? cause.code : "network error";
}
