// GET|POST /signup: developer self sign-up, only while an admin allows it (PlatformSetting
// `signup.enabled` is JSON true; otherwise the path does not exist: 404). The page carries the
// pending authorization request as the login form does; a new account gets the `developer` role
// only, a login session, and is sent back to /oauth2/authorize to finish that request, so the
// client, redirect URI, PKCE, scope and consent are checked there exactly as after a sign-in.
import { hashSecret } from "@portico/crypto";
import type { Db } from "@portico/db";
import { OAuthError } from "../errors";
import type { Exchange, Params } from "../http/exchange";
import { endpointUrls, type KeyManager } from "../key-manager";
import { checkCsrf, csrfToken, startSession } from "../sessions/login-session";
import { errorPage, type SignupField, signupPage } from "../views/page";
import {
  checkClient,
  checkRedirectUri,
  PageError,
  readPageParams,
  requestFields,
} from "./authorization/authorization-request";

/** The role every self-registered account gets, and nothing more. */
const SIGNUP_ROLE = "developer";
const USERNAME = /^[A-Za-z0-9._@-]{3,64}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 12;
/** scrypt over a huge input is wasted work an attacker could ask for */
const MAX_PASSWORD = 1024;
/** our own form fields, never part of the authorization request (the login form's are left out too) */
const SIGNUP_FIELDS = new Set(["email", "password_confirm"]);

type FieldErrors = Partial<Record<SignupField, string>>;

interface SignupInput {
  username: string;
  email: string | null;
  password: string;
}

async function checkSignupEnabled(km: KeyManager): Promise<void> {
  // the same answer as an unknown path, so a switched-off sign-up is not advertised
  if (!(await km.settings.signupEnabled())) throw new OAuthError("invalid_request", "no such endpoint", 404);
}

/**
 * Counts this submitted form against the per-address limit, checking and counting in one step so
 * that forms sent in parallel cannot all pass the check before any is counted. Every form counts:
 * successful sign-ups are exactly what a bulk-registering bot makes. Over the limit: seconds to wait.
 */
async function countAgainstAddressLimit(km: KeyManager, ex: Exchange): Promise<number | null> {
  const verdict = await km.limiters.signupPerAddress.hit(`addr:${ex.sourceAddress}`);
  return verdict.allowed ? null : Math.ceil(verdict.retryAfterSeconds);
}

function validateSignup(params: Params): { input: SignupInput } | { errors: FieldErrors } {
  const username = (params.get("username") ?? "").trim();
  const email = (params.get("email") ?? "").trim();
  const password = params.get("password") ?? "";
  const errors: FieldErrors = {};
  if (!USERNAME.test(username)) errors.username = "Use 3 to 64 characters: letters, digits and . _ @ - only.";
  if (email && (email.length > 254 || !EMAIL.test(email))) errors.email = "Enter a valid email address.";
  if (password.length < MIN_PASSWORD) errors.password = `Use at least ${MIN_PASSWORD} characters.`;
  else if (password.length > MAX_PASSWORD) errors.password = `Use at most ${MAX_PASSWORD} characters.`;
  if (!errors.password && params.get("password_confirm") !== password)
    errors.password_confirm = "The passwords do not match.";
  if (Object.keys(errors).length) return { errors };
  return { input: { username, email: email || null, password } };
}

/** Which of the unique fields another account already holds; says nothing else about it. */
async function checkAvailable(db: Db, input: SignupInput): Promise<FieldErrors> {
  const [byName, byEmail] = await Promise.all([
    db.user.findUnique({ where: { username: input.username }, select: { id: true } }),
    input.email ? db.user.findUnique({ where: { email: input.email }, select: { id: true } }) : null,
  ]);
  const errors: FieldErrors = {};
  if (byName) errors.username = "This username is taken. Choose another.";
  if (byEmail) errors.email = "This email address cannot be used. Use another or leave it empty.";
  return errors;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

async function createDeveloper(km: KeyManager, input: SignupInput) {
  const role = await km.db.role.findUniqueOrThrow({ where: { name: SIGNUP_ROLE } });
  return km.db.user.create({
    data: {
      username: input.username,
      email: input.email,
      passwordHash: await hashSecret(input.password),
      source: "local",
      roles: { create: [{ roleId: role.id }] },
    },
    select: { id: true, username: true },
  });
}

/** The authorization request to resume: the user has just authenticated, so no login prompt again. */
function continuationUrl(km: KeyManager, fields: Array<[string, string]>): string {
  const query = new URLSearchParams();
  for (const [name, value] of fields) {
    if (name === "max_age") continue;
    if (name === "prompt") {
      const rest = value.split(" ").filter((p) => p && p !== "login" && p !== "select_account");
      if (rest.length) query.set(name, rest.join(" "));
      continue;
    }
    query.set(name, value);
  }
  return `${endpointUrls(km.issuer).authorization}?${query.toString()}`;
}

export async function signupEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  await checkSignupEnabled(km);
  let params: Params;
  let clientName: string;
  let clientId: string;
  try {
    params = await readPageParams(ex);
    const client = await checkClient(km, params);
    checkRedirectUri(client, params);
    clientName = client.name;
    clientId = client.clientId;
  } catch (error) {
    if (error instanceof PageError) {
      ex.html(error.status, errorPage(error.error, error.description));
      return;
    }
    throw error;
  }
  const fields = requestFields(params).filter(([name]) => !SIGNUP_FIELDS.has(name));
  const render = (
    status: number,
    problems: { error?: string; fieldErrors?: FieldErrors } = {},
    headers: Record<string, string> = {},
  ) =>
    ex.html(
      status,
      signupPage({
        action: `${km.issuer}/signup`,
        fields: [...fields, ["portico_csrf", csrfToken(km, ex)]],
        clientName,
        signInUrl: `${endpointUrls(km.issuer).authorization}?${new URLSearchParams(fields).toString()}`,
        values: { username: params.get("username"), email: params.get("email") },
        ...problems,
      }),
      headers,
    );
  if (ex.method !== "POST") {
    render(200);
    return;
  }

  const retryAfter = await countAgainstAddressLimit(km, ex);
  if (retryAfter !== null) {
    render(
      429,
      { error: "Too many sign-up attempts. Please wait and try again." },
      { "retry-after": String(retryAfter) },
    );
    return;
  }
  if (!checkCsrf(km, ex, params.get("portico_csrf"))) {
    render(403, { error: "Your sign-up form expired. Please try again." });
    return;
  }
  const checked = validateSignup(params);
  if ("errors" in checked) {
    render(400, { fieldErrors: checked.errors });
    return;
  }
  const taken = await checkAvailable(km.db, checked.input);
  if (Object.keys(taken).length) {
    render(409, { fieldErrors: taken });
    return;
  }
  let user: { id: string; username: string };
  try {
    user = await createDeveloper(km, checked.input);
  } catch (error) {
    // another sign-up took the name or address between the check and the insert
    if (!isUniqueViolation(error)) throw error;
    render(409, { fieldErrors: await checkAvailable(km.db, checked.input) });
    return;
  }
  await km.db.auditEvent.create({
    data: {
      action: "user.signup",
      actorId: user.id,
      actorName: user.username,
      targetType: "user",
      targetId: user.id,
      details: { clientId, roles: [SIGNUP_ROLE], emailGiven: checked.input.email !== null },
      ip: ex.sourceAddress,
    },
  });
  km.log.log("info", "user.signup", { userId: user.id, clientId });
  await startSession(km, ex, user.id);
  ex.redirect(continuationUrl(km, fields));
}
