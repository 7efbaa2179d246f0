// RFC 9449 at the token endpoint, with openid-client v6 (its DPoP option) as the peer: bound
// tokens, server nonces, refresh tokens of public clients bound to the key, and the refusals.
import { calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair, SignJWT } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Platform, PROVIDERS, snapshot, startPlatform } from "./fixture";

async function dpopKey() {
  return generateKeyPair("ES256", { extractable: true });
}

describe.each(PROVIDERS)("DPoP at the token endpoint on %s", (provider) => {
  let p: Platform;
  let config: oidc.Configuration;
  let customFetch: oidc.CustomFetch;

  beforeAll(async () => {
    p = await startPlatform({ provider, configuration: { dpopNonceRequired: true } });
    customFetch = (url, options) => p.fetch(url, options as never) as unknown as Promise<Response>;
    config = await oidc.discovery(new URL(p.km.url), p.client.clientId, p.client.secret, undefined, {
      [oidc.customFetch]: customFetch,
    });
    config[oidc.customFetch] = customFetch;
  });
  afterAll(async () => p?.close());

  /** A proof made by hand, for what openid-client would never send. */
  async function proof(keys: CryptoKeyPair, claims: Record<string, unknown> = {}) {
    return new SignJWT({
      jti: crypto.randomUUID(),
      htm: "POST",
      htu: `${p.km.url}/oauth2/token`,
      iat: Math.floor(Date.now() / 1000),
      ...claims,
    })
      .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: await exportJWK(keys.publicKey) })
      .sign(keys.privateKey);
  }

  async function postToken(headers: Record<string, string>, form: Record<string, string>) {
    const res = await p.fetch(`${p.km.url}/oauth2/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${p.client.clientId}:${p.client.secret}`).toString("base64")}`,
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  }

  it("advertises its proof algorithms", async () => {
    const meta = config.serverMetadata();
    expect(meta.dpop_signing_alg_values_supported).toContain("ES256");
  });

  it("issues a DPoP token bound to the key of openid-client's proof, after the nonce round trip", async () => {
    const keys = await dpopKey();
    const tokens = await oidc.clientCredentialsGrant(
      config,
      { scope: "pizza:open" },
      { DPoP: oidc.getDPoPHandle(config, keys) },
    );
    expect(tokens.token_type).toBe("dpop");
    const claims = decodeJwt(tokens.access_token);
    expect(claims.cnf).toEqual({ jkt: await calculateJwkThumbprint(await exportJWK(keys.publicKey)) });
    // introspection tells a resource server what the token is bound to
    const res = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(res.token_type).toBe("DPoP");
    expect(res.cnf).toEqual(claims.cnf);
  });

  it("asks for a nonce with use_dpop_nonce and DPoP-Nonce", async () => {
    const keys = await dpopKey();
    const first = await postToken({ dpop: await proof(keys) }, { grant_type: "client_credentials" });
    expect(first.status).toBe(400);
    expect(first.body.error).toBe("use_dpop_nonce");
    const nonce = first.headers.get("dpop-nonce");
    expect(nonce).toBeTruthy();
    const second = await postToken(
      { dpop: await proof(keys, { nonce }) },
      { grant_type: "client_credentials" },
    );
    expect(second.status).toBe(200);
    expect(second.body.token_type).toBe("DPoP");
    expect(second.headers.get("dpop-nonce")).toBeTruthy();
    const forged = await postToken(
      { dpop: await proof(keys, { nonce: `${nonce}x` }) },
      { grant_type: "client_credentials" },
    );
    expect(forged.body.error).toBe("use_dpop_nonce");
  });

  it("refuses a replayed proof, a proof for another URL or method, and two DPoP headers, issuing nothing", async () => {
    const keys = await dpopKey();
    const nonce = (
      await postToken({ dpop: await proof(keys) }, { grant_type: "client_credentials" })
    ).headers.get("dpop-nonce") as string;
    const good = await proof(keys, { nonce });
    expect((await postToken({ dpop: good }, { grant_type: "client_credentials" })).status).toBe(200);
    const before = await snapshot(p.db);
    const replayed = await postToken({ dpop: good }, { grant_type: "client_credentials" });
    expect(replayed.status).toBe(400);
    expect(replayed.body).toMatchObject({ error: "invalid_dpop_proof" });
    expect(String(replayed.body.error_description)).toContain("already used");
    const otherUrl = await postToken(
      { dpop: await proof(keys, { nonce, htu: `${p.km.url}/oauth2/introspect` }) },
      { grant_type: "client_credentials" },
    );
    expect(otherUrl.body).toMatchObject({ error: "invalid_dpop_proof" });
    const otherMethod = await postToken(
      { dpop: await proof(keys, { nonce, htm: "GET" }) },
      { grant_type: "client_credentials" },
    );
    expect(otherMethod.body).toMatchObject({ error: "invalid_dpop_proof" });
    const twice = await postToken(
      { dpop: `${await proof(keys, { nonce })}, ${await proof(keys, { nonce })}` },
      { grant_type: "client_credentials" },
    );
    expect(twice.body).toMatchObject({ error: "invalid_dpop_proof" });
    const after = await snapshot(p.db);
    expect(after.accessTokens).toEqual(before.accessTokens);
  });

  it("binds a public client's refresh tokens to its key: refresh works with it, not with another key or none", async () => {
    const pub = await createClient(p.db, {
      applicationId: p.application.id,
      keyType: "SANDBOX",
      grantTypes: ["password", "refresh_token"],
      tokenEndpointAuthMethod: "none",
    });
    const publicConfig = await oidc.discovery(new URL(p.km.url), pub.clientId, undefined, oidc.None(), {
      [oidc.customFetch]: customFetch,
    });
    publicConfig[oidc.customFetch] = customFetch;
    const keys = await dpopKey();
    const DPoP = oidc.getDPoPHandle(publicConfig, keys);
    const tokens = await oidc.genericGrantRequest(
      publicConfig,
      "password",
      { username: p.developer.username, password: p.developer.password, scope: "pizza:read" },
      { DPoP },
    );
    expect(tokens.token_type).toBe("dpop");
    expect(tokens.refresh_token).toBeTruthy();
    const jkt = await calculateJwkThumbprint(await exportJWK(keys.publicKey));
    const family = await p.db.refreshTokenFamily.findFirstOrThrow({ where: { clientId: pub.id } });
    expect(family.dpopJkt).toBe(jkt);

    // without a proof, and with another key's proof: refused, and the refresh token is not spent
    await expect(oidc.refreshTokenGrant(publicConfig, tokens.refresh_token as string)).rejects.toMatchObject({
      error: "invalid_dpop_proof",
    });
    await expect(
      oidc.refreshTokenGrant(publicConfig, tokens.refresh_token as string, undefined, {
        DPoP: oidc.getDPoPHandle(publicConfig, await dpopKey()),
      }),
    ).rejects.toMatchObject({ error: "invalid_dpop_proof" });

    const refreshed = await oidc.refreshTokenGrant(publicConfig, tokens.refresh_token as string, undefined, {
      DPoP,
    });
    expect(refreshed.token_type).toBe("dpop");
    expect(decodeJwt(refreshed.access_token).cnf).toEqual({ jkt });
  });

  it("issues no token without a proof to an application that requires DPoP", async () => {
    await p.db.application.update({ where: { id: p.application.id }, data: { dpopRequired: true } });
    try {
      await expect(oidc.clientCredentialsGrant(config, {})).rejects.toMatchObject({
        error: "invalid_dpop_proof",
      });
      const tokens = await oidc.clientCredentialsGrant(
        config,
        {},
        { DPoP: oidc.getDPoPHandle(config, await dpopKey()) },
      );
      expect(tokens.token_type).toBe("dpop");
    } finally {
      await p.db.application.update({ where: { id: p.application.id }, data: { dpopRequired: false } });
    }
  });
});
