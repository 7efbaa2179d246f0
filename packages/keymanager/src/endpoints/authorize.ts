// GET|POST /oauth2/authorize (RFC 6749 4.1.1, OpenID Connect Core 3.1.2) with the key manager's
// own sign-in and consent pages. A pipeline of named steps (in `authorization/`): the client and
// its redirect URI first (failures there are shown, never redirected: RFC 6749 4.1.2.1), then the
// request's checks, resolveSession, validateScope, ensureConsent and issueCode, whose OAuth errors
// go back to the client's redirect URI. A step that sends a page instead returns null or false.
import { OAuthError } from "../errors";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import { errorPage } from "../views/page";
import {
  checkClient,
  checkRedirectUri,
  PageError,
  readPageParams,
} from "./authorization/authorization-request";
import {
  checkClientMayAuthorize,
  checkPkce,
  checkResponseType,
  parseMaxAge,
  parsePrompt,
} from "./authorization/check-authorization-request";
import { ensureConsent } from "./authorization/ensure-consent";
import { issueCode } from "./authorization/issue-code";
import { resolveSession } from "./authorization/resolve-session";

function redirectWith(ex: Exchange, redirectUri: string, values: Record<string, string | undefined>): void {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(values))
    if (value !== undefined) url.searchParams.set(name, value);
  ex.redirect(url.toString());
}

/** Reads the request and checks its client and redirect URI; shows an error page and returns null otherwise. */
async function trustedRequest(km: KeyManager, ex: Exchange) {
  try {
    const params = await readPageParams(ex);
    const client = await checkClient(km, params);
    return { params, client, redirectUri: checkRedirectUri(client, params) };
  } catch (error) {
    if (!(error instanceof PageError)) throw error;
    ex.html(error.status, errorPage(error.error, error.description));
    return null;
  }
}

export async function authorizationEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  const request = await trustedRequest(km, ex);
  if (!request) return;
  const { params, client, redirectUri } = request;
  const state = params.get("state");
  try {
    checkResponseType(params);
    await checkClientMayAuthorize(km, client);
    const pkce = await checkPkce(km, client, params);
    const requested = parseScope(params.get("scope"));
    const prompt = parsePrompt(params);
    const maxAge = parseMaxAge(params);
    const action = ex.method === "POST" ? params.get("portico_action") : undefined;

    const session = await resolveSession(km, ex, { params, client, prompt, maxAge, action });
    if (!session) return;
    const scope = await validateScope(km.db, requested, {
      application: client.application,
      keyType: client.keyType,
      roles: await rolesOfUser(km.db, session.userId),
      userBound: true,
    });
    if (!(await ensureConsent(km, ex, { params, client, session, scope, prompt, action }))) return;

    const code = await issueCode(km, {
      client,
      session,
      redirectUri,
      scope,
      pkce,
      nonce: params.get("nonce"),
    });
    redirectWith(ex, redirectUri, { code, state, iss: km.issuer });
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    redirectWith(ex, redirectUri, {
      error: error.error,
      error_description: error.description,
      state,
      iss: km.issuer,
    });
  }
}
