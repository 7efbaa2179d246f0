// The one way the sign-in form is shown: first visit, failed sign-in, expired form or too many
// attempts. It carries the pending authorization request, a CSRF token and, when an admin allows
// self sign-up, the link to it.
import type { ClientRecord } from "../../clients/find-client";
import type { Exchange, Params } from "../../http/exchange";
import { endpointUrls, type KeyManager } from "../../key-manager";
import { csrfToken } from "../../sessions/login-session";
import { loginPage } from "../../views/page";
import { requestFields } from "./authorization-request";

/** The sign-up page for this authorization request, when an admin allows self sign-up. */
async function signupLink(km: KeyManager, params: Params): Promise<string | undefined> {
  if (!(await km.settings.signupEnabled())) return undefined;
  return `${km.issuer}/signup?${new URLSearchParams(requestFields(params)).toString()}`;
}

export async function renderLoginPage(
  km: KeyManager,
  ex: Exchange,
  request: { params: Params; client: ClientRecord },
  outcome: { status: number; error?: string; headers?: Record<string, string> } = { status: 200 },
): Promise<void> {
  const { params, client } = request;
  ex.html(
    outcome.status,
    loginPage({
      action: endpointUrls(km.issuer).authorization,
      fields: [...requestFields(params), ["portico_action", "login"], ["portico_csrf", csrfToken(km, ex)]],
      clientName: client.name,
      error: outcome.error,
      // a failed attempt keeps the username typed; a first visit has none
      username: outcome.error ? params.get("username") : undefined,
      signupUrl: await signupLink(km, params),
    }),
    outcome.headers ?? {},
  );
}
