// GET|POST /oauth2/device (RFC 8628 3.3): the user enters the device's code, signs in if needed,
// and allows or denies what the device asked for. A pipeline like the authorize endpoint's:
// checkUserCode (every step carries the code and looks it up again), the sign-in form with the
// same CSRF proof and sign-in limits, the scope validated against the user's roles, and an
// explicit confirmation even for first-party clients, because the request began on another
// device (RFC 8628 5.4). A wrong code counts as a failed sign-in of the caller's address, so user
// codes are guessed no faster than passwords (RFC 8628 5.1).
import { SignInAttempt } from "../abuse/sign-in-attempt";
import { type ClientRecord, findClient } from "../clients/find-client";
import { TooManyRequests } from "../errors";
import {
  DEVICE_VERIFICATION_PATH,
  findPendingByUserCode,
  formatUserCode,
  normalizeUserCode,
  type PendingDeviceAuthorization,
} from "../grants/device-code-store";
import type { Exchange, Params } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import {
  checkCsrf,
  csrfToken,
  currentSession,
  type LoginSessionRecord,
  startSession,
} from "../sessions/login-session";
import { authenticateUser } from "../users/authenticate-user";
import { loginPage } from "../views/page";
import { deviceConsentPage, deviceOutcomePage, userCodePage } from "./device-pages";

interface Pending {
  row: PendingDeviceAuthorization;
  client: ClientRecord;
  userCode: string;
}

function action(km: KeyManager): string {
  return `${km.issuer.replace(/\/$/, "")}${DEVICE_VERIFICATION_PATH}`;
}

function showCodeForm(
  km: KeyManager,
  ex: Exchange,
  status: number,
  options: { userCode?: string; error?: string; headers?: Record<string, string> } = {},
): void {
  ex.html(
    status,
    userCodePage({
      action: action(km),
      fields: [
        ["portico_action", "code"],
        ["portico_csrf", csrfToken(km, ex)],
      ],
      userCode: options.userCode,
      error: options.error,
    }),
    options.headers ?? {},
  );
}

function tooMany(error: TooManyRequests): Record<string, string> {
  return { "retry-after": String(Math.max(1, Math.ceil(error.retryAfterSeconds))) };
}

/** The pending authorization the posted code names; shows the code form again (and returns null) otherwise. */
async function checkUserCode(km: KeyManager, ex: Exchange, params: Params): Promise<Pending | null> {
  const typed = params.get("user_code");
  let attempt: SignInAttempt;
  try {
    attempt = await SignInAttempt.reserve(km, { address: ex.sourceAddress });
  } catch (error) {
    if (!(error instanceof TooManyRequests)) throw error;
    showCodeForm(km, ex, 429, {
      userCode: typed,
      error: "Too many attempts. Please wait and try again.",
      headers: tooMany(error),
    });
    return null;
  }
  const normalized = normalizeUserCode(typed);
  const row = normalized ? await findPendingByUserCode(km, normalized) : null;
  const owner = row ? await km.db.oAuthClient.findUnique({ where: { id: row.clientId } }) : null;
  const client = owner && !owner.revokedAt ? await findClient(km.db, owner.clientId) : null;
  if (!row || !client || !normalized) {
    showCodeForm(km, ex, 400, { userCode: typed, error: "That code is not valid or has expired." });
    return null;
  }
  await attempt.succeeded();
  return { row, client, userCode: formatUserCode(normalized) };
}

function showLogin(
  km: KeyManager,
  ex: Exchange,
  pending: Pending,
  outcome: { status: number; error?: string; username?: string; headers?: Record<string, string> },
): void {
  ex.html(
    outcome.status,
    loginPage({
      action: action(km),
      fields: [
        ["user_code", pending.userCode],
        ["portico_action", "login"],
        ["portico_csrf", csrfToken(km, ex)],
      ],
      clientName: pending.client.name,
      error: outcome.error,
      username: outcome.username,
    }),
    outcome.headers ?? {},
  );
}

/** The signed-in user after a submitted sign-in form; null when the form was shown again. */
async function submitLogin(
  km: KeyManager,
  ex: Exchange,
  params: Params,
  pending: Pending,
): Promise<LoginSessionRecord | null> {
  const username = params.get("username") ?? "";
  let attempt: SignInAttempt;
  try {
    attempt = await SignInAttempt.reserve(km, { address: ex.sourceAddress, username });
  } catch (error) {
    if (!(error instanceof TooManyRequests)) throw error;
    showLogin(km, ex, pending, {
      status: 429,
      error: "Too many sign-in attempts. Please wait and try again.",
      headers: tooMany(error),
    });
    return null;
  }
  const user = username ? await authenticateUser(km.db, username, params.get("password") ?? "") : null;
  if (!user) {
    showLogin(km, ex, pending, { status: 401, error: "Wrong username or password.", username });
    return null;
  }
  await attempt.succeeded();
  return startSession(km, ex, user.id);
}

async function grantedScope(
  km: KeyManager,
  pending: Pending,
  session: LoginSessionRecord,
): Promise<string[]> {
  return validateScope(km.db, parseScope(pending.row.scope), {
    application: pending.client.application,
    keyType: pending.client.keyType,
    roles: await rolesOfUser(km.db, session.userId),
    userBound: true,
  });
}

async function showConsent(km: KeyManager, ex: Exchange, pending: Pending, session: LoginSessionRecord) {
  const scope = await grantedScope(km, pending, session);
  const rows = await km.db.scope.findMany({
    where: { name: { in: scope } },
    select: { name: true, description: true },
  });
  const descriptions = new Map(rows.map((r) => [r.name, r.description]));
  ex.html(
    200,
    deviceConsentPage({
      action: action(km),
      fields: [
        ["user_code", pending.userCode],
        ["portico_action", "consent"],
        ["portico_csrf", csrfToken(km, ex)],
      ],
      clientName: pending.client.name,
      username: session.user.displayName ?? session.user.username,
      userCode: pending.userCode,
      scopes: scope.map((name) => ({ name, description: descriptions.get(name) })),
    }),
  );
}

/** Records the user's decision, once: a code decided in another tab is not decided again. */
async function recordDecision(
  km: KeyManager,
  ex: Exchange,
  params: Params,
  pending: Pending,
  session: LoginSessionRecord,
): Promise<void> {
  const allow = params.get("decision") === "allow";
  const scope = allow ? await grantedScope(km, pending, session) : [];
  const { count } = await km.db.deviceCode.updateMany({
    where: { id: pending.row.id, status: "PENDING", expiresAt: { gt: km.now() } },
    data: allow
      ? {
          status: "APPROVED",
          userId: session.userId,
          grantedScope: scope.join(" "),
          authTime: session.authTime,
        }
      : { status: "DENIED", userId: session.userId },
  });
  if (count === 0) {
    showCodeForm(km, ex, 400, { error: "That code is not valid or has expired." });
    return;
  }
  ex.html(200, deviceOutcomePage(allow));
}

export async function deviceVerificationEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  if (ex.method === "GET") {
    const typed = ex.query().get("user_code");
    // prefilled from verification_uri_complete, never looked up on a GET: the user confirms first
    showCodeForm(km, ex, 200, { userCode: typed && typed.length <= 16 ? typed : undefined });
    return;
  }
  const params = await ex.form();
  if (!checkCsrf(km, ex, params.get("portico_csrf"))) {
    showCodeForm(km, ex, 403, {
      userCode: params.get("user_code"),
      error: "Your form expired. Please try again.",
    });
    return;
  }
  const pending = await checkUserCode(km, ex, params);
  if (!pending) return;
  const step = params.get("portico_action");
  const session =
    step === "login" ? await submitLogin(km, ex, params, pending) : await currentSession(km, ex);
  if (step === "login" && !session) return;
  if (!session) {
    showLogin(km, ex, pending, { status: 200 });
    return;
  }
  if (step === "consent") {
    await recordDecision(km, ex, params, pending, session);
    return;
  }
  await showConsent(km, ex, pending, session);
}
