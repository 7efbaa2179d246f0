// Who is authorizing: the signed-in session, or the user who has just submitted the sign-in form.
// Without one (or when `prompt=login` or `max_age` asks for a fresh sign-in) the sign-in form is
// shown, or, with `prompt=none`, login_required goes back to the client.
import { SignInAttempt } from "../../abuse/sign-in-attempt";
import type { ClientRecord } from "../../clients/find-client";
import { LoginRequired, TooManyRequests } from "../../errors";
import type { Exchange, Params } from "../../http/exchange";
import type { KeyManager } from "../../key-manager";
import {
  checkCsrf,
  currentSession,
  type LoginSessionRecord,
  startSession,
} from "../../sessions/login-session";
import { authenticateUser } from "../../users/authenticate-user";
import { renderLoginPage } from "./render-login-page";

export interface SessionRequest {
  params: Params;
  client: ClientRecord;
  prompt: Set<string>;
  maxAge: number | undefined;
  /** our form's `portico_action` on a POST */
  action: string | undefined;
}

/** Checks a submitted sign-in form; shows the form again (and returns null) when it fails. */
async function submitLogin(
  km: KeyManager,
  ex: Exchange,
  request: SessionRequest,
): Promise<LoginSessionRecord | null> {
  const { params } = request;
  if (!checkCsrf(km, ex, params.get("portico_csrf"))) {
    await renderLoginPage(km, ex, request, {
      status: 403,
      error: "Your sign-in form expired. Please try again.",
    });
    return null;
  }
  const username = params.get("username") ?? "";
  // reserved before the password is checked, so parallel guesses cannot outrun the limits
  let attempt: SignInAttempt;
  try {
    attempt = await SignInAttempt.reserve(km, { address: ex.sourceAddress, username });
  } catch (error) {
    if (!(error instanceof TooManyRequests)) throw error;
    await renderLoginPage(km, ex, request, {
      status: 429,
      error: "Too many sign-in attempts. Please wait and try again.",
      headers: { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterSeconds))) },
    });
    return null;
  }
  const user = username ? await authenticateUser(km.db, username, params.get("password") ?? "") : null;
  if (!user) {
    await renderLoginPage(km, ex, request, { status: 401, error: "Wrong username or password." });
    return null;
  }
  await attempt.succeeded();
  return startSession(km, ex, user.id);
}

/**
 * The session to authorize with, or null when a page has been sent instead (the sign-in form,
 * first or again).
 */
export async function resolveSession(
  km: KeyManager,
  ex: Exchange,
  request: SessionRequest,
): Promise<LoginSessionRecord | null> {
  if (request.action === "login") return submitLogin(km, ex, request);
  const session = await currentSession(km, ex);
  const tooOld =
    request.maxAge !== undefined &&
    session !== null &&
    km.now().getTime() - session.authTime.getTime() > request.maxAge * 1000;
  if (session && !request.prompt.has("login") && !tooOld) return session;
  if (request.prompt.has("none")) throw new LoginRequired();
  await renderLoginPage(km, ex, request);
  return null;
}
