// GET|POST /oauth2/logout: OpenID Connect RP-Initiated Logout 1.0. The session ends at once only
// for an id_token_hint of the session's own user (or when there is no session left to end);
// otherwise the user confirms on a page whose POST carries CSRF proof (section 2: the OP should
// ask, as anyone can link here, with any ID token this server ever signed, another user's
// included). post_logout_redirect_uri must be registered for the client.
import { compactVerify, decodeProtectedHeader, importJWK } from "jose";
import { findClient, stringList } from "../clients/find-client";
import { OAuthError } from "../errors";
import type { Exchange, Params } from "../http/exchange";
import { endpointUrls, type KeyManager } from "../key-manager";
import { checkCsrf, csrfToken, currentSession, endSession } from "../sessions/login-session";
import { errorPage, logoutConfirmPage, signedOutPage } from "../views/page";

/** The hint's claims when it is an ID token we signed; expiry does not matter here. */
async function readIdTokenHint(km: KeyManager, hint: string): Promise<{ aud: string; sub: string } | null> {
  try {
    const header = decodeProtectedHeader(hint);
    const key = header.kid ? await km.keys.verificationKey(header.kid) : undefined;
    if (!key || key.alg !== header.alg) return null;
    const { payload } = await compactVerify(hint, await importJWK(key.publicJwk, key.alg), {
      algorithms: [key.alg],
    });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as {
      iss?: unknown;
      aud?: unknown;
      sub?: unknown;
    };
    const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (claims.iss !== km.issuer || typeof aud !== "string" || typeof claims.sub !== "string") return null;
    return { aud, sub: claims.sub };
  } catch {
    return null;
  }
}

async function checkPostLogoutRedirect(
  km: KeyManager,
  params: Params,
  hintClientId: string | undefined,
): Promise<string | undefined> {
  const uri = params.get("post_logout_redirect_uri");
  const clientId = params.get("client_id");
  if (clientId && hintClientId && clientId !== hintClientId)
    throw new OAuthError("invalid_request", "client_id does not match id_token_hint", 400);
  if (!uri) return undefined;
  const owner = hintClientId ?? clientId;
  if (!owner)
    throw new OAuthError("invalid_request", "post_logout_redirect_uri needs id_token_hint or client_id", 400);
  const client = await findClient(km.db, owner);
  if (!client || !stringList(client.postLogoutRedirectUris).includes(uri)) {
    throw new OAuthError(
      "invalid_request",
      "post_logout_redirect_uri is not registered for this client",
      400,
    );
  }
  return uri;
}

export async function logoutEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  let params: Params;
  let redirect: string | undefined;
  let hinted: { aud: string; sub: string } | null = null;
  try {
    params = ex.method === "POST" ? await ex.form() : ex.query();
    const hint = params.get("id_token_hint");
    if (hint) {
      hinted = await readIdTokenHint(km, hint);
      if (!hinted)
        throw new OAuthError("invalid_request", "id_token_hint is not an ID token issued here", 400);
    }
    redirect = await checkPostLogoutRedirect(km, params, hinted?.aud);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    ex.html(error.status, errorPage(error.error, error.description));
    return;
  }
  const confirmed =
    ex.method === "POST" &&
    params.get("portico_action") === "logout" &&
    checkCsrf(km, ex, params.get("portico_csrf"));
  const session = hinted && !confirmed ? await currentSession(km, ex) : null;
  const hintIsSessionUser = hinted !== null && (session === null || session.userId === hinted.sub);
  if (!hintIsSessionUser && !confirmed) {
    const fields: Array<[string, string]> = [...params].filter(([k]) => !k.startsWith("portico_"));
    fields.push(["portico_action", "logout"], ["portico_csrf", csrfToken(km, ex)]);
    ex.html(200, logoutConfirmPage({ action: endpointUrls(km.issuer).endSession, fields }));
    return;
  }
  await endSession(km, ex);
  if (redirect) {
    const url = new URL(redirect);
    const state = params.get("state");
    if (state) url.searchParams.set("state", state);
    ex.redirect(url.toString());
    return;
  }
  ex.html(200, signedOutPage());
}
