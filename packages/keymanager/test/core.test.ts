// The core flows driven by an independent client library (openid-client v6), with jose
// verifying JWTs against the published JWKS.
import { verifyJwtAccessToken } from "@portico/tokens";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Platform, startPlatform } from "./fixture";

let p: Platform;
let config: oidc.Configuration;

beforeAll(async () => {
  p = await startPlatform();
  const customFetch: oidc.CustomFetch = (url, options) =>
    p.fetch(url, options as never) as unknown as Promise<Response>;
  config = await oidc.discovery(new URL(p.km.url), p.client.clientId, p.client.secret, undefined, {
    [oidc.customFetch]: customFetch,
  });
  config[oidc.customFetch] = customFetch;
});
afterAll(async () => p.close());

async function verify(token: string) {
  // jose fetches the JWKS itself; give it the platform's fetch through a local key set
  const res = await p.fetch(`${p.km.url}/oauth2/jwks`);
  const keys = createLocalJWKSet((await res.json()) as never);
  return verifyJwtAccessToken(token, keys, { issuer: p.km.url, audience: "https://gateway.example.test" });
}

describe("server", () => {
  it("answers health and serves both discovery documents with the design's endpoints", async () => {
    const health = await p.fetch(`${p.km.url}/_portico/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(p.km.url);
    expect(meta.token_endpoint).toBe(`${p.km.url}/oauth2/token`);
    expect(meta.jwks_uri).toBe(`${p.km.url}/oauth2/jwks`);
    expect(meta.introspection_endpoint).toBe(`${p.km.url}/oauth2/introspect`);
    expect(meta.revocation_endpoint).toBe(`${p.km.url}/oauth2/revoke`);
    expect(meta.code_challenge_methods_supported).toEqual(["S256"]);
    const rfc8414 = await p.fetch(`${p.km.url}/.well-known/oauth-authorization-server`);
    expect(((await rfc8414.json()) as { issuer: string }).issuer).toBe(p.km.url);
  });

  it("publishes an ES256 and an RS256 key and nothing private", async () => {
    const body = (await (await p.fetch(`${p.km.url}/oauth2/jwks`)).json()) as {
      keys: Array<Record<string, string>>;
    };
    expect(body.keys.map((k) => k.alg).sort()).toEqual(["ES256", "RS256"]);
    for (const key of body.keys) {
      expect(key.kid).toBeTruthy();
      expect(key.d).toBeUndefined();
    }
  });
});

describe("client credentials", () => {
  it("issues an RFC 9068 JWT that jose verifies against the JWKS, with the subscribed open scope only", async () => {
    const tokens = await oidc.clientCredentialsGrant(config, {
      scope: "pizza:read pizza:open other:read unknown",
    });
    expect(tokens.token_type).toBe("bearer");
    // pizza:read is bound to the developer role, which the application owner holds; other:read is not subscribed
    expect(tokens.scope).toBe("pizza:read pizza:open");
    const header = decodeProtectedHeader(tokens.access_token);
    expect(header).toMatchObject({ typ: "at+jwt", alg: "ES256" });
    const claims = await verify(tokens.access_token);
    expect(claims).toMatchObject({
      iss: p.km.url,
      aud: "https://gateway.example.test",
      sub: p.client.clientId,
      client_id: p.client.clientId,
      scope: "pizza:read pizza:open",
      application_id: p.application.id,
      key_type: "PRODUCTION",
    });
    expect(claims.exp - claims.iat).toBe(3600);
    const row = await p.db.accessToken.findUniqueOrThrow({ where: { jti: claims.jti } });
    expect(row.format).toBe("JWT");
    expect(row.grantType).toBe("client_credentials");
  });

  it("issues opaque tokens when the application asks for them, stored only as a hash", async () => {
    const application = await p.db.application.create({
      data: { name: "Opaque", ownerId: p.developer.id, tokenType: "OPAQUE" },
    });
    const client = await createClient(p.db, {
      applicationId: application.id,
      grantTypes: ["client_credentials"],
    });
    const res = await p.token({ grant_type: "client_credentials" }, client);
    expect(res.status).toBe(200);
    const token = res.body.access_token as string;
    expect(token).not.toContain(".");
    const rows = await p.db.accessToken.findMany({ where: { clientId: client.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
    const introspected = await oidc.tokenIntrospection(config, token);
    // another client's token is not revealed
    expect(introspected.active).toBe(false);
  });
});

describe("password and refresh token", () => {
  it("rotates refresh tokens and revokes the family when a spent one is reused", async () => {
    const first = await oidc.genericGrantRequest(config, "password", {
      username: p.developer.username,
      password: p.developer.password,
      scope: "openid pizza:read pizza:admin",
    });
    expect(first.scope).toBe("openid pizza:read");
    expect(first.refresh_token).toBeTruthy();
    const claims = decodeJwt(first.access_token);
    expect(claims).toMatchObject({ sub: p.developer.id, username: "dev", roles: ["developer"] });

    const second = await oidc.refreshTokenGrant(config, first.refresh_token as string);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.scope).toBe("openid pizza:read");

    // reuse of the spent first refresh token: invalid_grant, and the whole family dies
    await expect(oidc.refreshTokenGrant(config, first.refresh_token as string)).rejects.toMatchObject({
      error: "invalid_grant",
    });
    await expect(oidc.refreshTokenGrant(config, second.refresh_token as string)).rejects.toMatchObject({
      error: "invalid_grant",
    });
    const introspected = await oidc.tokenIntrospection(config, second.access_token);
    expect(introspected.active).toBe(false);
    const revokedEvents = await p.db.changeEvent.findMany({ where: { topic: "token.revoked" } });
    expect(revokedEvents.map((e) => e.entityId)).toContain(decodeJwt(second.access_token).jti);
  });

  it("refuses a wrong password with invalid_grant", async () => {
    await expect(
      oidc.genericGrantRequest(config, "password", {
        username: p.developer.username,
        password: "wrong-password",
      }),
    ).rejects.toMatchObject({ error: "invalid_grant" });
  });
});

describe("introspection and revocation", () => {
  it("introspects an active token, revokes it, then reports it inactive", async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { scope: "pizza:open" });
    const active = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({
      active: true,
      client_id: p.client.clientId,
      scope: "pizza:open",
      iss: p.km.url,
      token_type: "Bearer",
    });
    await oidc.tokenRevocation(config, tokens.access_token);
    const inactive = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(inactive.active).toBe(false);
    const jti = decodeJwt(tokens.access_token).jti as string;
    const row = await p.db.accessToken.findUniqueOrThrow({ where: { jti } });
    expect(row.revokedAt).not.toBeNull();
    expect(await p.db.changeEvent.count({ where: { topic: "token.revoked", entityId: jti } })).toBe(1);
  });

  it("revoking a refresh token revokes the access tokens of its family", async () => {
    const tokens = await oidc.genericGrantRequest(config, "password", {
      username: p.developer.username,
      password: p.developer.password,
    });
    await oidc.tokenRevocation(config, tokens.refresh_token as string, { token_type_hint: "refresh_token" });
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: "invalid_grant",
    });
  });

  it("answers 200 for an unknown token (RFC 7009 2.2)", async () => {
    await expect(oidc.tokenRevocation(config, "not-a-token")).resolves.toBeUndefined();
  });
});
