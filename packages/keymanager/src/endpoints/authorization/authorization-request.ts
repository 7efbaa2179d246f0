// The authorization request as the key manager's pages carry it: read from the query or the posted
// form, its client and redirect URI checked first. A failure here is shown on a page, never
// redirected, because the redirect URI cannot be trusted yet (RFC 6749 4.1.2.1). The sign-up page
// starts the same way.
import { redirectUriMatches } from "../../clients/check-redirect-uri";
import { type ClientRecord, findClient, stringList } from "../../clients/find-client";
import { OAuthError } from "../../errors";
import type { Exchange, Params } from "../../http/exchange";
import type { KeyManager } from "../../key-manager";

/** Form fields of our own pages, never part of the authorization request. */
const OWN_FIELDS = new Set(["portico_action", "portico_csrf", "username", "password", "decision"]);

/** An error shown on a page because the redirect URI cannot be trusted. */
export class PageError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
  }
}

/** The query of a GET, the form of a POST; a malformed form is a PageError. */
export async function readPageParams(ex: Exchange): Promise<Params> {
  try {
    return ex.method === "POST" ? await ex.form() : ex.query();
  } catch (error) {
    if (error instanceof OAuthError) throw new PageError(error.error, error.description, error.status);
    throw error;
  }
}

export async function checkClient(km: KeyManager, params: Params): Promise<ClientRecord> {
  const clientId = params.get("client_id");
  if (!clientId) throw new PageError("invalid_request", "client_id is required");
  const client = await findClient(km.db, clientId);
  if (!client || client.revokedAt || client.keyManagerId !== km.keyManagerId) {
    throw new PageError("invalid_client", "unknown client");
  }
  if (client.application && client.application.status !== "ACTIVE") {
    throw new PageError("invalid_client", "the client's application is blocked");
  }
  return client;
}

export function checkRedirectUri(client: ClientRecord, params: Params): string {
  const redirectUri = params.get("redirect_uri");
  if (!redirectUri) throw new PageError("invalid_request", "redirect_uri is required");
  if (!redirectUriMatches(stringList(client.redirectUris), redirectUri)) {
    throw new PageError("invalid_request", "redirect_uri is not registered for this client");
  }
  return redirectUri;
}

/** The pending authorization request's own parameters, without our pages' form fields. */
export function requestFields(params: Params): Array<[string, string]> {
  return [...params].filter(([name]) => !OWN_FIELDS.has(name));
}
