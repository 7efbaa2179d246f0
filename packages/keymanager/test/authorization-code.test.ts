// Authorization code with PKCE, driven by openid-client; the test fills the login and consent
// forms over real HTTP. Then OIDC: ID token, userinfo, RP-initiated logout.
import { decodeJwt } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, readForm } from "./browser";
import { createClient, type Platform, REDIRECT_URI, snapshot, startPlatform } from "./fixture";

let p: Platform;
let config: oidc.Configuration;
let customFetch: oidc.CustomFetch;

beforeAll(async () => {
  p = await startPlatform();
  customFetch = (url, options) => p.fetch(url, options as never) as unknown as Promise<Response>;
  await p.db.oAuthClient.update({
    where: { id: p.client.id },
    data: { postLogoutRedirectUris: ["https://app.example.test/bye"] },
  });
  config = await oidc.discovery(new URL(p.km.url), p.client.clientId, p.client.secret, undefined, {
    [oidc.customFetch]: customFetch,
  });
  config[oidc.customFetch] = customFetch;
});
afterAll(async () => p.close());

async function signIn(browser: Browser, url: string, user = p.developer) {
  const login = await browser.get(url);
  expect(login.status).toBe(200);
  expect(login.html).toContain('name="password"');
  return browser.submit(readForm(login.html), { username: user.username, password: user.password });
}

describe("authorization code with PKCE", () => {
  it("signs in through the login and consent pages and exchanges the code with openid-client", async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: "openid profile email pizza:read other:read",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
      nonce,
    });
    const browser = new Browser(p);
    const consent = await signIn(browser, url.href);
    // the session cookie is __Host- prefixed, HttpOnly, Secure, SameSite=Lax
    const setCookie = consent.headers.getSetCookie().find((c) => c.startsWith("__Host-portico-session="));
    expect(setCookie).toMatch(/Path=\/; HttpOnly; Secure; SameSite=Lax/);
    expect(consent.status).toBe(200);
    const listed = consent.html.match(/<ul class="scopes">(.*?)<\/ul>/)?.[1] ?? "";
    expect(listed).toContain("pizza:read");
    expect(listed).not.toContain("other:read");
    const redirected = await browser.submit(readForm(consent.html), { decision: "allow" });
    expect(redirected.status).toBe(303);
    const callback = new URL(redirected.location as string);
    expect(callback.origin + callback.pathname).toBe(REDIRECT_URI);
    expect(callback.searchParams.get("iss")).toBe(p.km.url);

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    expect(tokens.scope).toBe("openid profile email pizza:read");
    expect(tokens.refresh_token).toBeTruthy();
    const idClaims = tokens.claims();
    expect(idClaims).toMatchObject({
      sub: p.developer.id,
      nonce,
      aud: p.client.clientId,
      preferred_username: "dev",
    });
    expect(idClaims?.auth_time).toBeTypeOf("number");
    expect(idClaims?.sid).toBeTypeOf("string");
    expect(idClaims?.at_hash).toBeTypeOf("string");

    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, p.developer.id);
    expect(userinfo).toMatchObject({ sub: p.developer.id, email: "dev@example.test", name: "Dev Eloper" });

    // a second authorization reuses the session and the consent: straight back with a code
    const again = await browser.get(
      oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        scope: "openid pizza:read",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
      }).href,
    );
    expect(again.status).toBe(303);
    expect(new URL(again.location as string).searchParams.get("code")).toBeTruthy();

    // RP-initiated logout with id_token_hint to a registered post-logout URI
    const logout = await browser.get(
      `${p.km.url}/oauth2/logout?${new URLSearchParams({
        id_token_hint: tokens.id_token as string,
        post_logout_redirect_uri: "https://app.example.test/bye",
        state: "s1",
      })}`,
    );
    expect(logout.status).toBe(303);
    expect(logout.location).toBe("https://app.example.test/bye?state=s1");
    expect(browser.has("__Host-portico-session")).toBe(false);
    const session = await p.db.loginSession.findUniqueOrThrow({ where: { id: idClaims?.sid as string } });
    expect(session.endedAt).not.toBeNull();
  });

  it("refuses a replayed code and revokes what the code produced", async () => {
    const verifier = oidc.randomPKCECodeVerifier();
    const browser = new Browser(p);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT_URI,
      scope: "pizza:read",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });
    const consent = await signIn(browser, url.href);
    const redirected =
      consent.status === 303 ? consent : await browser.submit(readForm(consent.html), { decision: "allow" });
    const callback = new URL(redirected.location as string);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      idTokenExpected: false,
    });
    const replay = await p.token({
      grant_type: "authorization_code",
      code: callback.searchParams.get("code") as string,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });

  it("lets the public portico-cli client sign in on any loopback port with PKCE and no secret", async () => {
    const cli = await oidc.discovery(new URL(p.km.url), "portico-cli", undefined, oidc.None(), {
      [oidc.customFetch]: customFetch,
    });
    cli[oidc.customFetch] = customFetch;
    const verifier = oidc.randomPKCECodeVerifier();
    const redirectUri = "http://127.0.0.1:49321/callback";
    const url = oidc.buildAuthorizationUrl(cli, {
      redirect_uri: redirectUri,
      scope: "portico:api_view portico:subscribe",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
    });
    const browser = new Browser(p);
    // first-party: no consent page
    const redirected = await signIn(browser, url.href);
    expect(redirected.status).toBe(303);
    const tokens = await oidc.authorizationCodeGrant(cli, new URL(redirected.location as string), {
      pkceCodeVerifier: verifier,
      idTokenExpected: false,
    });
    // the developer role is bound to portico:subscribe, not to portico:api_view
    expect(tokens.scope).toBe("portico:subscribe");
    expect(decodeJwt(tokens.access_token).client_id).toBe("portico-cli");

    // without PKCE the public client is refused, back at its redirect URI
    const noPkce = await browser.get(
      `${p.km.url}/oauth2/authorize?${new URLSearchParams({ client_id: "portico-cli", redirect_uri: redirectUri, response_type: "code", state: "x" })}`,
    );
    expect(noPkce.status).toBe(303);
    const error = new URL(noPkce.location as string);
    expect(error.searchParams.get("error")).toBe("invalid_request");
    expect(error.searchParams.get("state")).toBe("x");
  });
});

describe("authorization request errors", () => {
  it("shows an unregistered redirect_uri on a page instead of redirecting, and changes nothing", async () => {
    const before = await snapshot(p.db);
    const browser = new Browser(p);
    const res = await browser.get(
      `${p.km.url}/oauth2/authorize?${new URLSearchParams({
        client_id: p.client.clientId,
        redirect_uri: "https://evil.example.test/callback",
        response_type: "code",
      })}`,
    );
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
    expect(res.html).toContain("invalid_request");
    expect(await snapshot(p.db)).toEqual(before);
  });

  it("refuses plain PKCE unless an admin allows it", async () => {
    const browser = new Browser(p);
    const challenge = "a".repeat(43);
    const url = `${p.km.url}/oauth2/authorize?${new URLSearchParams({
      client_id: p.client.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      code_challenge: challenge,
      code_challenge_method: "plain",
    })}`;
    const refused = await browser.get(url);
    expect(new URL(refused.location as string).searchParams.get("error")).toBe("invalid_request");
    await p.db.platformSetting.create({ data: { key: "pkce.allowPlain", value: true } });
    try {
      const allowed = await browser.get(url);
      expect(allowed.status).toBe(200);
      expect(allowed.html).toContain('name="password"');
    } finally {
      await p.db.platformSetting.delete({ where: { key: "pkce.allowPlain" } });
    }
  });

  it("answers prompt=none without a session with login_required", async () => {
    const browser = new Browser(p);
    const res = await browser.get(
      `${p.km.url}/oauth2/authorize?${new URLSearchParams({
        client_id: p.client.clientId,
        redirect_uri: REDIRECT_URI,
        response_type: "code",
        prompt: "none",
        state: "st",
      })}`,
    );
    const location = new URL(res.location as string);
    expect(location.searchParams.get("error")).toBe("login_required");
    expect(location.searchParams.get("state")).toBe("st");
  });

  it("re-shows the login form on a wrong password without creating a session", async () => {
    const before = await snapshot(p.db);
    const browser = new Browser(p);
    const res = await signIn(
      browser,
      oidc.buildAuthorizationUrl(config, {
        redirect_uri: REDIRECT_URI,
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: "S256",
      }).href,
      { ...p.developer, password: "not-the-password" },
    );
    expect(res.status).toBe(401);
    expect(res.html).toContain("Wrong username or password");
    expect(await snapshot(p.db)).toEqual(before);
  });

  it("refuses a login form posted without the CSRF token", async () => {
    const client = await createClient(p.db, { grantTypes: ["authorization_code"], firstParty: true });
    const browser = new Browser(p);
    const res = await browser.submit(
      {
        action: `${p.km.url}/oauth2/authorize`,
        fields: [
          ["client_id", client.clientId],
          ["redirect_uri", REDIRECT_URI],
          ["response_type", "code"],
          ["portico_action", "login"],
        ],
      },
      { username: p.developer.username, password: p.developer.password },
    );
    expect(res.status).toBe(403);
    expect(browser.has("__Host-portico-session")).toBe(false);
  });
});
