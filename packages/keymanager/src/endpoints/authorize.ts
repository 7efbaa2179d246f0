// GET|POST /oauth2/authorize (RFC 6749 4.1.1, OpenID Connect Core 3.1.2) with the key
// manager's own login and consent pages. A pipeline of named checks: the client and its
// redirect URI first (failures there are shown, never redirected: RFC 6749 4.1.2.1), then the
// rest, whose failures go back to the client's redirect URI.
import { randomToken, sha256Hex } from "@portico/crypto";
import { SignInAttempt } from "../abuse/sign-in-attempt";
import { redirectUriMatches } from "../clients/check-redirect-uri";
import { type ClientRecord, findClient, isPublicClient, stringList } from "../clients/find-client";
import {
  AccessDenied,
  ConsentRequired,
  InvalidRequest,
  LoginRequired,
  OAuthError,
  TooManyRequests,
  UnauthorizedClient,
  UnsupportedResponseType,
} from "../errors";
import { isWellFormedPkceValue } from "../grants/pkce";
import type { Exchange, Params } from "../http/exchange";
import { endpointUrls, type KeyManager } from "../key-manager";
import { parseScope, rolesOfUser, validateScope } from "../scopes/validate-scope";
import {
  checkCsrf,
  csrfToken,
  currentSession,
  type LoginSessionRecord,
  startSession,
} from "../sessions/login-session";
import { authenticateUser } from "../users/authenticate-user";
import { consentPage, errorPage, loginPage } from "../views/page";

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

interface PkceChallenge {
  challenge: string;
  method: string;
}

async function readParams(ex: Exchange): Promise<Params> {
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

function checkResponseType(params: Params): void {
  if (params.get("response_type") !== "code") throw new UnsupportedResponseType();
  const mode = params.get("response_mode");
  if (mode !== undefined && mode !== "query")
    throw new InvalidRequest("only response_mode=query is supported");
}

async function checkClientMayAuthorize(km: KeyManager, client: ClientRecord): Promise<void> {
  if (!(await km.settings.isGrantEnabled("authorization_code"))) {
    throw new UnsupportedResponseType("the authorization code grant is disabled");
  }
  if (!stringList(client.grantTypes).includes("authorization_code")) {
    throw new UnauthorizedClient("the client may not use the authorization code grant");
  }
}

/** RFC 7636 4.3 and RFC 9700 2.1.1: S256 required for public clients and clients marked for it. */
async function checkPkce(
  km: KeyManager,
  client: ClientRecord,
  params: Params,
): Promise<PkceChallenge | null> {
  const challenge = params.get("code_challenge");
  if (!challenge) {
    if (isPublicClient(client) || client.pkceRequired)
      throw new InvalidRequest("code_challenge (PKCE) is required");
    if (params.has("code_challenge_method"))
      throw new InvalidRequest("code_challenge_method without code_challenge");
    return null;
  }
  // RFC 7636 4.3: the method defaults to plain
  const method = params.get("code_challenge_method") ?? "plain";
  if (method !== "S256" && method !== "plain") throw new InvalidRequest("code_challenge_method must be S256");
  if (method === "plain" && !(await km.settings.pkceAllowPlain())) {
    throw new InvalidRequest("code_challenge_method plain is not allowed; use S256");
  }
  if (!isWellFormedPkceValue(challenge)) throw new InvalidRequest("code_challenge is malformed");
  return { challenge, method };
}

function parsePrompt(params: Params): Set<string> {
  const prompt = new Set((params.get("prompt") ?? "").split(" ").filter(Boolean));
  for (const value of prompt) {
    if (!["none", "login", "consent", "select_account"].includes(value))
      throw new InvalidRequest(`unsupported prompt ${value}`);
  }
  if (prompt.has("none") && prompt.size > 1) throw new InvalidRequest("prompt=none cannot be combined");
  return prompt;
}

function parseMaxAge(params: Params): number | undefined {
  const raw = params.get("max_age");
  if (raw === undefined) return undefined;
  if (!/^[0-9]{1,10}$/.test(raw)) throw new InvalidRequest("max_age must be a number of seconds");
  return Number(raw);
}

/** The pending authorization request's own parameters, without our pages' form fields. */
export function requestFields(params: Params): Array<[string, string]> {
  return [...params].filter(([name]) => !OWN_FIELDS.has(name));
}

/** The sign-up page for this authorization request, when an admin allows self sign-up. */
async function signupLink(km: KeyManager, params: Params): Promise<string | undefined> {
  if (!(await km.settings.signupEnabled())) return undefined;
  return `${km.issuer}/signup?${new URLSearchParams(requestFields(params)).toString()}`;
}

function redirectWith(ex: Exchange, redirectUri: string, values: Record<string, string | undefined>): void {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(values))
    if (value !== undefined) url.searchParams.set(name, value);
  ex.redirect(url.toString());
}

interface LoginOutcome {
  session: LoginSessionRecord | null;
  fresh: boolean;
}

/** Handles a submitted login form; renders the form again (and returns null) when it fails. */
async function submitLogin(
  km: KeyManager,
  ex: Exchange,
  params: Params,
  client: ClientRecord,
): Promise<LoginOutcome | null> {
  const signupUrl = await signupLink(km, params);
  const render = (status: number, error: string, headers: Record<string, string> = {}) =>
    ex.html(
      status,
      loginPage({
        action: endpointUrls(km.issuer).authorization,
        fields: [...requestFields(params), ["portico_action", "login"], ["portico_csrf", csrfToken(km, ex)]],
        clientName: client.name,
        error,
        username: params.get("username"),
        signupUrl,
      }),
      headers,
    );
  if (!checkCsrf(km, ex, params.get("portico_csrf"))) {
    render(403, "Your sign-in form expired. Please try again.");
    return null;
  }
  const username = params.get("username") ?? "";
  // reserved before the password is checked, so parallel guesses cannot outrun the limits
  let attempt: SignInAttempt;
  try {
    attempt = await SignInAttempt.reserve(km, { address: ex.sourceAddress, username });
  } catch (error) {
    if (!(error instanceof TooManyRequests)) throw error;
    render(429, "Too many sign-in attempts. Please wait and try again.", {
      "retry-after": String(Math.max(1, Math.ceil(error.retryAfterSeconds))),
    });
    return null;
  }
  const user = username ? await authenticateUser(km.db, username, params.get("password") ?? "") : null;
  if (!user) {
    render(401, "Wrong username or password.");
    return null;
  }
  await attempt.succeeded();
  return { session: await startSession(km, ex, user.id), fresh: true };
}

async function issueCode(
  km: KeyManager,
  input: {
    client: ClientRecord;
    session: LoginSessionRecord;
    redirectUri: string;
    scope: string[];
    pkce: PkceChallenge | null;
    nonce?: string;
  },
): Promise<string> {
  const code = randomToken();
  const limits = await km.settings.tokenValidity();
  const now = km.now();
  await km.db.authorizationCode.create({
    data: {
      codeHash: sha256Hex(code),
      clientId: input.client.id,
      userId: input.session.userId,
      redirectUri: input.redirectUri,
      scope: input.scope.join(" "),
      codeChallenge: input.pkce?.challenge ?? null,
      codeChallengeMethod: input.pkce?.method ?? null,
      nonce: input.nonce ?? null,
      authTime: input.session.authTime,
      sessionId: input.session.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + limits.authorizationCodeTtl * 1000),
    },
  });
  return code;
}

export async function authorizationEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  let params: Params;
  let client: ClientRecord;
  let redirectUri: string;
  try {
    params = await readParams(ex);
    client = await checkClient(km, params);
    redirectUri = checkRedirectUri(client, params);
  } catch (error) {
    if (error instanceof PageError) {
      ex.html(error.status, errorPage(error.error, error.description));
      return;
    }
    throw error;
  }
  const state = params.get("state");
  try {
    checkResponseType(params);
    await checkClientMayAuthorize(km, client);
    const pkce = await checkPkce(km, client, params);
    const requested = parseScope(params.get("scope"));
    const prompt = parsePrompt(params);
    const maxAge = parseMaxAge(params);
    const action = ex.method === "POST" ? params.get("portico_action") : undefined;

    let outcome: LoginOutcome = { session: await currentSession(km, ex), fresh: false };
    if (action === "login") {
      const submitted = await submitLogin(km, ex, params, client);
      if (!submitted) return;
      outcome = submitted;
    }
    const tooOld =
      maxAge !== undefined &&
      outcome.session &&
      km.now().getTime() - outcome.session.authTime.getTime() > maxAge * 1000;
    const session = outcome.session;
    if (!session || (!outcome.fresh && (prompt.has("login") || tooOld))) {
      if (prompt.has("none")) throw new LoginRequired();
      ex.html(
        200,
        loginPage({
          action: endpointUrls(km.issuer).authorization,
          fields: [
            ...requestFields(params),
            ["portico_action", "login"],
            ["portico_csrf", csrfToken(km, ex)],
          ],
          clientName: client.name,
          signupUrl: await signupLink(km, params),
        }),
      );
      return;
    }

    const roles = await rolesOfUser(km.db, session.userId);
    const scope = await validateScope(km.db, requested, {
      application: client.application,
      keyType: client.keyType,
      roles,
      userBound: true,
    });

    if (!client.firstParty) {
      if (action === "consent") {
        if (!checkCsrf(km, ex, params.get("portico_csrf"))) {
          ex.html(
            403,
            errorPage("access_denied", "the consent form expired; start again from the application"),
          );
          return;
        }
        if (params.get("decision") !== "allow") throw new AccessDenied("the user denied the request");
        const existing = await km.db.consent.findUnique({
          where: { userId_clientId: { userId: session.userId, clientId: client.id } },
        });
        const merged = [...new Set([...(existing?.scope.split(" ").filter(Boolean) ?? []), ...scope])].join(
          " ",
        );
        await km.db.consent.upsert({
          where: { userId_clientId: { userId: session.userId, clientId: client.id } },
          create: { userId: session.userId, clientId: client.id, scope: merged },
          update: { scope: merged },
        });
      } else {
        const consent = await km.db.consent.findUnique({
          where: { userId_clientId: { userId: session.userId, clientId: client.id } },
        });
        const granted = new Set(consent?.scope.split(" ") ?? []);
        const covered = consent !== null && scope.every((s) => granted.has(s));
        if (!covered || prompt.has("consent")) {
          if (prompt.has("none")) throw new ConsentRequired();
          const rows = await km.db.scope.findMany({
            where: { name: { in: scope } },
            select: { name: true, description: true },
          });
          const descriptions = new Map(rows.map((r) => [r.name, r.description]));
          ex.html(
            200,
            consentPage({
              action: endpointUrls(km.issuer).authorization,
              fields: [
                ...requestFields(params),
                ["portico_action", "consent"],
                ["portico_csrf", csrfToken(km, ex)],
              ],
              clientName: client.name,
              username: session.user.displayName ?? session.user.username,
              scopes: scope.map((name) => ({ name, description: descriptions.get(name) })),
            }),
          );
          return;
        }
      }
    }

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
