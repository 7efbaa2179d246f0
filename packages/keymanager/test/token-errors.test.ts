// One test per RFC error case at the token endpoint: the right error code and status, no-store,
// no stack trace, and the database exactly as it was.
import { randomUUID } from "node:crypto";
import { randomToken, sha256Base64Url, sha256Hex } from "@portico/crypto";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Platform, REDIRECT_URI, snapshot, startPlatform } from "./fixture";

let p: Platform;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => p.close());

async function post(body: string, headers: Record<string, string> = {}) {
  const res = await p.fetch(`${p.km.url}/oauth2/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: basic(p.client.clientId, p.client.secret),
      ...headers,
    },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) as Record<string, string> };
}

/** Runs `request`, asserts the error and status, and that nothing in the database changed. */
async function expectRefused(
  request: () => Promise<{
    status: number;
    headers: { get(name: string): string | null };
    body: Record<string, string>;
    text?: string;
  }>,
  error: string,
  status: number,
) {
  const before = await snapshot(p.db);
  const res = await request();
  expect(res.body.error).toBe(error);
  expect(res.status).toBe(status);
  expect(res.body.error_description).toBeTypeOf("string");
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.text ?? "").not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
  expect(await snapshot(p.db)).toEqual(before);
  return res;
}

/** An authorization code straight in the database, as the authorize endpoint would make it. */
async function makeCode(options: { expired?: boolean; verifier?: string } = {}) {
  const code = randomToken();
  const now = Date.now();
  await p.db.authorizationCode.create({
    data: {
      codeHash: sha256Hex(code),
      clientId: p.client.id,
      userId: p.developer.id,
      redirectUri: REDIRECT_URI,
      scope: "pizza:read",
      codeChallenge: options.verifier ? sha256Base64Url(options.verifier) : null,
      codeChallengeMethod: options.verifier ? "S256" : null,
      authTime: new Date(now),
      expiresAt: new Date(now + (options.expired ? -1000 : 60_000)),
    },
  });
  return code;
}

describe("malformed requests", () => {
  it("missing grant_type: invalid_request", () =>
    expectRefused(() => post("scope=pizza:read"), "invalid_request", 400));

  it("repeated parameter: invalid_request", () =>
    expectRefused(() => post("grant_type=client_credentials&scope=a&scope=b"), "invalid_request", 400));

  it("repeated grant_type: invalid_request", () =>
    expectRefused(() => post("grant_type=client_credentials&grant_type=password"), "invalid_request", 400));

  it("wrong content type: invalid_request", () =>
    expectRefused(
      () =>
        post(JSON.stringify({ grant_type: "client_credentials" }), { "content-type": "application/json" }),
      "invalid_request",
      400,
    ));

  it("oversized body: invalid_request with 413", () =>
    expectRefused(
      () => post(`grant_type=client_credentials&scope=${"a".repeat(70 * 1024)}`),
      "invalid_request",
      413,
    ));

  it("unknown grant type: unsupported_grant_type", () =>
    expectRefused(() => post("grant_type=urn:example:nothing"), "unsupported_grant_type", 400));

  it("malformed scope: invalid_scope", () =>
    expectRefused(
      () => post(`grant_type=client_credentials&scope=${encodeURIComponent('a"b')}`),
      "invalid_scope",
      400,
    ));

  it("malformed validity_period: invalid_request", () =>
    expectRefused(() => post("grant_type=client_credentials&validity_period=-5"), "invalid_request", 400));

  it("missing password parameter: invalid_request", () =>
    expectRefused(() => post("grant_type=password&username=dev"), "invalid_request", 400));

  it("GET on the token endpoint: 405", async () => {
    const res = await p.fetch(`${p.km.url}/oauth2/token`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});

describe("client authentication", () => {
  it("unknown client: invalid_client 401 with WWW-Authenticate", async () => {
    const res = await expectRefused(
      () => post("grant_type=client_credentials", { authorization: basic("nobody", "x") }),
      "invalid_client",
      401,
    );
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic/);
  });

  it("wrong secret: invalid_client 401", () =>
    expectRefused(
      () =>
        post("grant_type=client_credentials", { authorization: basic(p.client.clientId, "wrong-secret") }),
      "invalid_client",
      401,
    ));

  it("client_secret_post works and both methods at once are refused", async () => {
    const ok = await post(
      `grant_type=client_credentials&client_id=${p.client.clientId}&client_secret=${encodeURIComponent(p.client.secret)}`,
      { authorization: "" },
    );
    expect(ok.status).toBe(200);
    await expectRefused(
      () =>
        post(
          `grant_type=client_credentials&client_id=${p.client.clientId}&client_secret=${encodeURIComponent(p.client.secret)}`,
        ),
      "invalid_request",
      400,
    );
  });

  it("an expired secret no longer authenticates", async () => {
    const client = await createClient(p.db, {
      applicationId: p.application.id,
      keyType: "SANDBOX",
      grantTypes: ["client_credentials"],
    });
    const res = await p.token({ grant_type: "client_credentials" }, client);
    expect(res.status).toBe(200);
    await p.db.clientSecret.updateMany({
      where: { clientId: client.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expectRefused(
      () => p.token({ grant_type: "client_credentials" }, client) as never,
      "invalid_client",
      401,
    );
  });

  it("a public client cannot use client_credentials", async () => {
    await expectRefused(
      () => post("grant_type=client_credentials&client_id=portico-cli", { authorization: "" }),
      "unauthorized_client",
      400,
    );
  });

  describe("private_key_jwt (RFC 7523 2.2)", () => {
    it("accepts a signed assertion once, refuses its replay and a wrongly signed one", async () => {
      const { publicKey, privateKey } = await generateKeyPair("ES256");
      const other = await generateKeyPair("ES256");
      const client = await createClient(p.db, {
        grantTypes: ["client_credentials"],
        tokenEndpointAuthMethod: "private_key_jwt",
        jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: "ES256", kid: "k1" }] },
      });
      const assertion = (key: CryptoKey, jti = randomUUID()) =>
        new SignJWT({})
          .setProtectedHeader({ alg: "ES256", kid: "k1" })
          .setIssuer(client.clientId)
          .setSubject(client.clientId)
          .setAudience(`${p.km.url}/oauth2/token`)
          .setJti(jti)
          .setIssuedAt()
          .setExpirationTime("2m")
          .sign(key);
      const form = (a: string) =>
        new URLSearchParams({
          grant_type: "client_credentials",
          client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
          client_assertion: a,
        }).toString();
      const jti = randomUUID();
      const good = await assertion(privateKey, jti);
      const ok = await post(form(good), { authorization: "" });
      expect(ok.status).toBe(200);
      expect(ok.body.access_token).toBeTruthy();
      await expectRefused(() => post(form(good), { authorization: "" }), "invalid_client", 401);
      const forged = await assertion(other.privateKey);
      await expectRefused(() => post(form(forged), { authorization: "" }), "invalid_client", 401);
      await expectRefused(() => post(form("not.a.jwt"), { authorization: "" }), "invalid_client", 401);
    });
  });
});

describe("authorization code grant", () => {
  it("expired code: invalid_grant", async () => {
    const code = await makeCode({ expired: true });
    await expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: REDIRECT_URI,
          }).toString(),
        ),
      "invalid_grant",
      400,
    );
  });

  it("unknown code: invalid_grant", () =>
    expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code: "nope",
            redirect_uri: REDIRECT_URI,
          }).toString(),
        ),
      "invalid_grant",
      400,
    ));

  it("mismatched redirect_uri: invalid_grant", async () => {
    const code = await makeCode();
    await expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: "https://app.example.test/other",
          }).toString(),
        ),
      "invalid_grant",
      400,
    );
  });

  it("bad PKCE verifier: invalid_grant", async () => {
    const verifier = randomToken(40);
    const code = await makeCode({ verifier });
    await expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: REDIRECT_URI,
            code_verifier: randomToken(40),
          }).toString(),
        ),
      "invalid_grant",
      400,
    );
    await expectRefused(
      () =>
        post(
          new URLSearchParams({
            grant_type: "authorization_code",
            code,
            redirect_uri: REDIRECT_URI,
          }).toString(),
        ),
      "invalid_grant",
      400,
    );
    const ok = await post(
      new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }).toString(),
    );
    expect(ok.status).toBe(200);
  });

  it("replayed code: invalid_grant, and the token from its first use is revoked", async () => {
    const code = await makeCode();
    const form = new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
    }).toString();
    const first = await post(form);
    expect(first.status).toBe(200);
    const replay = await post(form);
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe("invalid_grant");
    const jti = decodeJwt(first.body.access_token as string).jti as string;
    const row = await p.db.accessToken.findUniqueOrThrow({ where: { jti } });
    expect(row.revokedAt).not.toBeNull();
  });
});

describe("refresh token grant", () => {
  it("unknown refresh token: invalid_grant", () =>
    expectRefused(() => post("grant_type=refresh_token&refresh_token=nope"), "invalid_grant", 400));

  it("another client's refresh token: invalid_grant, and the token stays usable", async () => {
    const tokens = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
    });
    const other = await createClient(p.db, { applicationId: null, grantTypes: ["refresh_token"] });
    await expectRefused(
      () =>
        p.token(
          { grant_type: "refresh_token", refresh_token: tokens.body.refresh_token as string },
          other,
        ) as never,
      "invalid_grant",
      400,
    );
    const ok = await p.token({
      grant_type: "refresh_token",
      refresh_token: tokens.body.refresh_token as string,
    });
    expect(ok.status).toBe(200);
  });

  it("asking for a wider scope on refresh: invalid_scope", async () => {
    const tokens = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
      scope: "pizza:open",
    });
    await expectRefused(
      () =>
        p.token({
          grant_type: "refresh_token",
          refresh_token: tokens.body.refresh_token as string,
          scope: "pizza:open pizza:read",
        }) as never,
      "invalid_scope",
      400,
    );
  });
});
