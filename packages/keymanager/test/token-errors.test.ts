// One test per RFC error case at the token endpoint: the right error code and status, no-store,
// no stack trace, and the database exactly as it was. Malformed requests and client
// authentication here; the grants' own errors in token-grant-errors.test.ts.
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Platform, startPlatform } from "./fixture";
import { basic, tokenEndpointChecks } from "./token-endpoint-checks";

let p: Platform;
beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => p.close());
const { post, expectRefused } = tokenEndpointChecks(() => p);

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
