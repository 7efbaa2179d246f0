// Edge behaviour of userinfo, introspection, logout, consent and the error serializer.
import { verifyJwtAccessToken } from "@portico/tokens";
import { createLocalJWKSet, decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GrantTypeModule } from "../src/index";
import { Browser, readForm } from "./browser";
import { createClient, type Platform, REDIRECT_URI, startPlatform } from "./fixture";

const failing: GrantTypeModule = {
  grantType: "urn:test:failing",
  parameters: { required: [] },
  setting: { displayName: "failing", description: "throws", enabled: true },
  async handler() {
    throw new Error("database exploded at /secret/path with token abc.def.ghi");
  },
};

let p: Platform;
const logged: string[] = [];

beforeAll(async () => {
  p = await startPlatform({ grantTypes: [failing], logLevel: "error" });
  // capture what the server logs
  p.km.keyManager.log = {
    log: (level, event, fields) => logged.push(JSON.stringify({ level, event, ...fields })),
  };
});
afterAll(async () => p.close());

describe("error serializer", () => {
  it("turns an unexpected failure into a bare server_error and logs it without the details", async () => {
    await p.db.oAuthClient.update({
      where: { id: p.client.id },
      data: {
        grantTypes: [
          "client_credentials",
          "password",
          "refresh_token",
          "authorization_code",
          "urn:test:failing",
        ],
      },
    });
    const res = await p.token({ grant_type: "urn:test:failing" });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      error: "server_error",
      error_description: expect.stringMatching(
        /^the server could not complete the request \(reference [0-9a-f]{16}\)$/,
      ),
    });
    const reference = /reference ([0-9a-f]{16})/.exec(String(res.body.error_description))?.[1] as string;
    expect(logged.some((l) => l.includes("request.failed") && l.includes(reference))).toBe(true);
    expect(logged.join("\n")).not.toContain(p.client.secret);
  });

  it("answers unknown paths with 404 JSON", async () => {
    const res = await p.fetch(`${p.km.url}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_request");
  });
});

describe("userinfo", () => {
  it("needs a bearer token (401 with WWW-Authenticate) carrying openid (403 insufficient_scope)", async () => {
    const none = await p.fetch(`${p.km.url}/oauth2/userinfo`);
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    const bad = await p.fetch(`${p.km.url}/oauth2/userinfo`, { headers: { authorization: "Bearer nope" } });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe("invalid_token");
    const tokens = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
      scope: "pizza:read",
    });
    const noOpenid = await p.fetch(`${p.km.url}/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${tokens.body.access_token}` },
    });
    expect(noOpenid.status).toBe(403);
    expect(noOpenid.headers.get("www-authenticate")).toContain("insufficient_scope");
  });
});

describe("introspection", () => {
  it("needs an authenticated confidential client", async () => {
    const anonymous = await p.fetch(`${p.km.url}/oauth2/introspect`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "token=x",
    });
    expect(anonymous.status).toBe(401);
    const publicClient = await p.fetch(`${p.km.url}/oauth2/introspect`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "token=x&client_id=portico-cli",
    });
    expect(publicClient.status).toBe(401);
    expect(((await publicClient.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("describes a refresh token with token_type_hint", async () => {
    const tokens = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
    });
    const res = await p.fetch(`${p.km.url}/oauth2/introspect`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${p.client.clientId}:${p.client.secret}`).toString("base64")}`,
      },
      body: new URLSearchParams({
        token: tokens.body.refresh_token as string,
        token_type_hint: "refresh_token",
      }).toString(),
    });
    expect(await res.json()).toMatchObject({
      active: true,
      token_type: "refresh_token",
      username: "dev",
      client_id: p.client.clientId,
    });
  });
});

describe("consent and logout", () => {
  it("a denied consent returns access_denied to the client", async () => {
    const client = await createClient(p.db, { applicationId: null, grantTypes: ["authorization_code"] });
    const browser = new Browser(p);
    const login = await browser.get(
      `${p.km.url}/oauth2/authorize?${new URLSearchParams({ client_id: client.clientId, redirect_uri: REDIRECT_URI, response_type: "code", state: "s" })}`,
    );
    const consent = await browser.submit(readForm(login.html), {
      username: p.developer.username,
      password: p.developer.password,
    });
    expect(consent.status).toBe(200);
    const denied = await browser.submit(readForm(consent.html), { decision: "deny" });
    const location = new URL(denied.location as string);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("s");
    expect(await p.db.authorizationCode.count({ where: { clientId: client.id } })).toBe(0);
  });

  it("refuses an unregistered post_logout_redirect_uri and asks before logging out without a hint", async () => {
    const bad = await p.fetch(
      `${p.km.url}/oauth2/logout?${new URLSearchParams({ client_id: p.client.clientId, post_logout_redirect_uri: "https://evil.example.test/" })}`,
      { redirect: "manual" },
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get("location")).toBeNull();

    const browser = new Browser(p);
    const login = await browser.get(
      `${p.km.url}/oauth2/authorize?${new URLSearchParams({ client_id: "portico-cli", redirect_uri: "http://127.0.0.1:5000/callback", response_type: "code", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" })}`,
    );
    await browser.submit(readForm(login.html), {
      username: p.developer.username,
      password: p.developer.password,
    });
    expect(browser.has("__Host-portico-session")).toBe(true);
    const confirm = await browser.get(`${p.km.url}/oauth2/logout`);
    expect(confirm.status).toBe(200);
    expect(browser.has("__Host-portico-session")).toBe(true);
    const done = await browser.submit(readForm(confirm.html), {});
    expect(done.status).toBe(200);
    expect(done.html).toContain("signed out");
    expect(browser.has("__Host-portico-session")).toBe(false);
  });

  it("issues ID tokens signed RS256 by default and access tokens ES256", async () => {
    const tokens = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
      scope: "openid",
    });
    const [idHeader] = (tokens.body.id_token as string).split(".");
    expect(JSON.parse(Buffer.from(idHeader as string, "base64url").toString()).alg).toBe("RS256");
    expect(decodeJwt(tokens.body.id_token as string).aud).toBe(p.client.clientId);
  });
});

describe("RS256 access tokens", () => {
  it("are available by configuration and verify against the published JWKS", async () => {
    const rs = await startPlatform({ configuration: { accessTokenSigningAlg: "RS256" } });
    try {
      const res = await rs.token({ grant_type: "client_credentials" });
      const token = res.body.access_token as string;
      const header = JSON.parse(Buffer.from(token.split(".")[0] as string, "base64url").toString());
      expect(header).toMatchObject({ alg: "RS256", typ: "at+jwt" });
      const keys = createLocalJWKSet((await (await rs.fetch(`${rs.km.url}/oauth2/jwks`)).json()) as never);
      const claims = await verifyJwtAccessToken(token, keys, {
        issuer: rs.km.url,
        audience: "https://gateway.example.test",
      });
      expect(claims.client_id).toBe(rs.client.clientId);
    } finally {
      await rs.close();
    }
  });
});
