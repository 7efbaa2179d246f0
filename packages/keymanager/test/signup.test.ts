// Developer self sign-up (issue 8): the login page links to /signup only while an admin allows
// it; a new account gets the developer role only and finishes the authorization code flow it
// started from. Driven over real HTTPS with the test browser (cookies, CSRF token, forms).
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, readForm } from "./browser";
import { createClient, type Platform, REDIRECT_URI, startPlatform } from "./fixture";

let p: Platform;
let client: { clientId: string; secret: string; id: string };

beforeAll(async () => {
  p = await startPlatform();
  // a first-party client like the developer portal: no consent page
  client = await createClient(p.db, {
    grantTypes: ["authorization_code", "refresh_token"],
    firstParty: true,
    tokenType: "JWT",
  });
});
afterAll(async () => p.close());

async function setSignup(enabled: boolean) {
  await p.db.platformSetting.upsert({
    where: { key: "signup.enabled" },
    create: { key: "signup.enabled", value: enabled },
    update: { value: enabled },
  });
}

function authorizationRequest() {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(8).toString("base64url");
  const url = new URL(`${p.km.url}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: client.clientId,
    redirect_uri: REDIRECT_URI,
    scope: "openid portico:subscribe portico:admin",
    state,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  return { url: url.href, verifier, state };
}

const decode = (value: string) => value.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));

function signupLink(html: string): string | undefined {
  const href = html.match(/<a href="([^"]*)">Create an account<\/a>/)?.[1];
  return href === undefined ? undefined : decode(href);
}

/** Opens the login page of a fresh authorization request and follows its sign-up link. */
async function openSignup(browser: Browser) {
  const request = authorizationRequest();
  const login = await browser.get(request.url);
  expect(login.status).toBe(200);
  const link = signupLink(login.html);
  expect(link).toBeDefined();
  const page = await browser.get(link as string);
  expect(page.status).toBe(200);
  return { request, page, form: readForm(page.html) };
}

const fieldError = (html: string, field: string) =>
  html.match(new RegExp(`<div class="field-error" id="${field}-error"[^>]*>([^<]*)</div>`))?.[1];

describe("self sign-up switched off", () => {
  it("shows no link and answers 404 on /signup", async () => {
    await setSignup(false);
    const browser = new Browser(p);
    const request = authorizationRequest();
    const login = await browser.get(request.url);
    expect(login.status).toBe(200);
    expect(login.html).toContain('name="password"');
    expect(login.html).not.toContain("Create an account");
    expect(login.html).not.toContain("/signup");
    const query = new URL(request.url).search;
    expect((await browser.get(`${p.km.url}/signup${query}`)).status).toBe(404);
    const posted = await browser.submit(
      { action: `${p.km.url}/signup`, fields: [...new URL(request.url).searchParams] },
      { username: "sneaky", password: "a-long-enough-password", password_confirm: "a-long-enough-password" },
    );
    expect(posted.status).toBe(404);
    expect(await p.db.user.count({ where: { username: "sneaky" } })).toBe(0);
  });
});

describe("self sign-up switched on", () => {
  beforeAll(async () => setSignup(true));

  it("creates a developer through the form and completes the authorization code flow", async () => {
    const browser = new Browser(p);
    const { request, page, form } = await openSignup(browser);
    expect(page.html).toContain("Create an account");
    // the pending authorization request rides along in the form
    const carried = new Map(form.fields);
    expect(carried.get("client_id")).toBe(client.clientId);
    expect(carried.get("state")).toBe(request.state);
    expect(carried.get("code_challenge")).toBeTruthy();
    expect(carried.get("portico_csrf")).toBeTruthy();
    expect(form.action).toBe(`${p.km.url}/signup`);

    const password = randomBytes(12).toString("base64url");
    const created = await browser.submit(form, {
      username: "new.dev@team",
      email: "new.dev@example.test",
      password,
      password_confirm: password,
    });
    expect(created.status).toBe(303);
    expect(browser.has("__Host-portico-session")).toBe(true);
    const user = await p.db.user.findUniqueOrThrow({
      where: { username: "new.dev@team" },
      include: { roles: { include: { role: true } } },
    });
    expect(user.roles.map((r) => r.role.name)).toEqual(["developer"]);
    expect(user.email).toBe("new.dev@example.test");
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain(password);
    const audit = await p.db.auditEvent.findFirstOrThrow({
      where: { action: "user.signup", targetId: user.id },
    });
    expect(audit.details).toMatchObject({ clientId: client.clientId, roles: ["developer"] });
    expect(JSON.stringify(audit.details)).not.toContain(password);

    // back to the authorization endpoint, now signed in: the code goes to the client
    const resumed = await browser.get(created.location as string);
    expect(resumed.status).toBe(303);
    const callback = new URL(resumed.location as string);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("state")).toBe(request.state);
    const code = callback.searchParams.get("code");
    expect(code).toBeTruthy();

    const tokens = await p.token(
      {
        grant_type: "authorization_code",
        code: code as string,
        redirect_uri: REDIRECT_URI,
        code_verifier: request.verifier,
      },
      client,
    );
    expect(tokens.status).toBe(200);
    const claims = decodeJwt(tokens.body.access_token as string);
    expect(claims.sub).toBe(user.id);
    expect(claims.username).toBe("new.dev@team");
    expect(claims.roles).toEqual(["developer"]);
    // a developer's scope yes, the admin's no
    expect(String(tokens.body.scope).split(" ").sort()).toEqual(["openid", "portico:subscribe"]);

    // and the new password signs in on the login page later
    const again = new Browser(p);
    const login = await again.get(authorizationRequest().url);
    const signedIn = await again.submit(readForm(login.html), { username: "new.dev@team", password });
    expect(signedIn.status).toBe(303);
    expect(new URL(signedIn.location as string).searchParams.get("code")).toBeTruthy();
  });

  it("refuses a taken username next to the field, creating nothing and leaking nothing", async () => {
    const browser = new Browser(p);
    const { form } = await openSignup(browser);
    const users = await p.db.user.count();
    const password = randomBytes(12).toString("base64url");
    const res = await browser.submit(form, {
      username: p.developer.username,
      email: "someone.else@example.test",
      password,
      password_confirm: password,
    });
    expect(res.status).toBe(409);
    expect(fieldError(res.html, "username")).toMatch(/taken/);
    expect(fieldError(res.html, "email")).toBeUndefined();
    // the existing developer's email and display name do not appear
    expect(res.html).not.toContain("dev@example.test");
    expect(res.html).not.toContain("Dev Eloper");
    expect(res.html).not.toContain(password);
    expect(browser.has("__Host-portico-session")).toBe(false);
    expect(await p.db.user.count()).toBe(users);
    // the form comes back ready to retry, still carrying the request
    const retry = readForm(res.html);
    expect(new Map(retry.fields).get("client_id")).toBe(client.clientId);
  });

  it("refuses a weak or unconfirmed password and a malformed username", async () => {
    const browser = new Browser(p);
    const { form } = await openSignup(browser);
    const users = await p.db.user.count();
    const weak = await browser.submit(form, {
      username: "weakling",
      password: "short-pass1",
      password_confirm: "short-pass1",
    });
    expect(weak.status).toBe(400);
    expect(fieldError(weak.html, "password")).toMatch(/at least 12 characters/);
    expect(weak.html).toContain('value="weakling"');

    const mismatch = await browser.submit(form, {
      username: "weakling",
      password: "a-long-enough-password",
      password_confirm: "another-long-password",
    });
    expect(mismatch.status).toBe(400);
    expect(fieldError(mismatch.html, "password_confirm")).toMatch(/do not match/);

    const badName = await browser.submit(form, {
      username: "no spaces<b>",
      password: "a-long-enough-password",
      password_confirm: "a-long-enough-password",
    });
    expect(badName.status).toBe(400);
    expect(fieldError(badName.html, "username")).toMatch(/3 to 64/);
    expect(badName.html).not.toContain("<b>");
    expect(await p.db.user.count()).toBe(users);
    expect(await p.db.user.count({ where: { username: "weakling" } })).toBe(0);
  });

  it("refuses a form without its CSRF token", async () => {
    const browser = new Browser(p);
    const { form } = await openSignup(browser);
    const users = await p.db.user.count();
    const withoutCsrf = { ...form, fields: form.fields.filter(([name]) => name !== "portico_csrf") };
    const res = await browser.submit(withoutCsrf, {
      username: "forged",
      password: "a-long-enough-password",
      password_confirm: "a-long-enough-password",
    });
    expect(res.status).toBe(403);
    expect(res.html).toMatch(/form expired/);
    expect(await p.db.user.count()).toBe(users);
    // a token from another browser does not pass either
    const other = new Browser(p);
    const res2 = await other.submit(form, {
      username: "forged",
      password: "a-long-enough-password",
      password_confirm: "a-long-enough-password",
    });
    expect(res2.status).toBe(403);
    expect(await p.db.user.count({ where: { username: "forged" } })).toBe(0);
  });

  it("refuses an authorization request with an unregistered redirect URI", async () => {
    const request = new URL(authorizationRequest().url);
    request.searchParams.set("redirect_uri", "https://evil.example.test/cb");
    const res = await new Browser(p).get(`${p.km.url}/signup${request.search}`);
    expect(res.status).toBe(400);
    expect(res.html).toContain("redirect_uri is not registered");
  });
});
