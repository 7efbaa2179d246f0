// Logout (OpenID Connect RP-initiated logout) on SQLite and PostgreSQL: a GET ends the session
// only for an ID token of the session's own user, since any other token this server signed is a
// link a third party could plant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, readForm } from "./browser";
import { type Platform, PROVIDERS, startPlatform } from "./fixture";

describe.each(PROVIDERS)("logout on %s", (provider) => {
  let p: Platform;
  beforeAll(async () => {
    p = await startPlatform({ provider });
  });
  afterAll(async () => p.close());

  it("ends a session on a GET only for an id_token_hint of the session's own user; another user's asks first", async () => {
    const idTokenOf = async (who: { username: string; password: string }) =>
      (
        await p.token({
          grant_type: "password",
          username: who.username,
          password: who.password,
          scope: "openid",
        })
      ).body.id_token as string;
    const browser = new Browser(p);
    const login = await browser.get(
      `${p.km.url}/oauth2/authorize?${new URLSearchParams({ client_id: "portico-cli", redirect_uri: "http://127.0.0.1:5000/callback", response_type: "code", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" })}`,
    );
    await browser.submit(readForm(login.html), {
      username: p.developer.username,
      password: p.developer.password,
    });
    expect(browser.has("__Host-portico-session")).toBe(true);
    const live = () => p.db.loginSession.count({ where: { userId: p.developer.id, endedAt: null } });
    const before = await live();

    // an ID token this server signed, but for another user: a link a third party could plant
    const foreign = await idTokenOf(p.admin);
    const asked = await browser.get(
      `${p.km.url}/oauth2/logout?${new URLSearchParams({ id_token_hint: foreign })}`,
    );
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('name="portico_csrf"');
    expect(browser.has("__Host-portico-session")).toBe(true);
    // the same by POST without the confirmation's CSRF proof
    const posted = await p.fetch(`${p.km.url}/oauth2/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie: browser.cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ id_token_hint: foreign, portico_action: "logout" }).toString(),
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('name="portico_csrf"');
    expect(await live()).toBe(before);

    // the session's own user's hint ends it at once
    const own = await idTokenOf(p.developer);
    const done = await browser.get(
      `${p.km.url}/oauth2/logout?${new URLSearchParams({ id_token_hint: own })}`,
    );
    expect(done.status).toBe(200);
    expect(done.html).toContain("signed out");
    expect(browser.has("__Host-portico-session")).toBe(false);
    expect(await live()).toBe(before - 1);
  });
});
