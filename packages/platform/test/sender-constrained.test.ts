// Sender-constrained credentials end to end, on SQLite and PostgreSQL: openid-client v6 gets
// DPoP-bound tokens from the real key manager (nonce round trip included), calls a real gateway
// with them, refreshes a public client's token; replayed or missing proofs and bound tokens sent
// as bearer tokens never reach the backend. Then a publisher switches an API to DPoP-only plus
// API keys through the REST API, and a developer's API key (generated, then revoked over REST)
// opens and closes it.
import { exportJWK, generateKeyPair } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "./fixtures";
import { type SenderConstrainedWorld, startSenderConstrainedWorld } from "./sender-constrained-world";

async function eventually(check: () => Promise<void>, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe.each<Provider>(["sqlite", "postgresql"])("sender-constrained credentials on %s", (provider) => {
  let w: SenderConstrainedWorld;

  beforeAll(async () => {
    w = await startSenderConstrainedWorld(provider);
  }, 120_000);

  afterAll(async () => w?.close());

  it("gets a DPoP token with openid-client, calls the gateway with it, and refuses replays, missing proofs and bearer use", async () => {
    const { seen, config, proofsSent, ordersUrl, call } = w;
    const DPoP = oidc.getDPoPHandle(config, await generateKeyPair("ES256", { extractable: true }));
    const tokens = await oidc.clientCredentialsGrant(config, {}, { DPoP });
    expect(tokens.token_type).toBe("dpop");
    seen.length = 0;
    const res = await oidc.fetchProtectedResource(
      config,
      tokens.access_token,
      ordersUrl,
      "GET",
      undefined,
      undefined,
      {
        DPoP,
      },
    );
    expect(res.status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.dpop).toBeUndefined();
    expect(seen[0]?.authorization).toBeUndefined();

    const replayed = await call({
      authorization: `DPoP ${tokens.access_token}`,
      dpop: proofsSent.at(-1) as string,
    });
    expect(replayed.status).toBe(401);
    expect(replayed.challenge).toMatch(/^DPoP .*error="invalid_dpop_proof"/);
    const withoutProof = await call({ authorization: `DPoP ${tokens.access_token}` });
    expect(withoutProof.status).toBe(401);
    expect(withoutProof.challenge).toMatch(/^DPoP /);
    const asBearer = await call({ authorization: `Bearer ${tokens.access_token}` });
    expect(asBearer.status).toBe(401);
    expect(asBearer.challenge).toMatch(/^DPoP .*error="invalid_token"/);
    expect(seen).toHaveLength(1);
  });

  it("refreshes a public client's DPoP token with the same key only, and the new token works at the gateway", async () => {
    const { publicConfig, ordersUrl, devPassword } = w;
    const DPoP = oidc.getDPoPHandle(publicConfig, await generateKeyPair("ES256", { extractable: true }));
    const tokens = await oidc.genericGrantRequest(
      publicConfig,
      "password",
      { username: "devi", password: devPassword },
      { DPoP },
    );
    await expect(
      oidc.refreshTokenGrant(publicConfig, tokens.refresh_token as string, undefined, {
        DPoP: oidc.getDPoPHandle(publicConfig, await generateKeyPair("ES256", { extractable: true })),
      }),
    ).rejects.toMatchObject({ error: "invalid_dpop_proof" });
    const refreshed = await oidc.refreshTokenGrant(publicConfig, tokens.refresh_token as string, undefined, {
      DPoP,
    });
    expect(refreshed.token_type).toBe("dpop");
    const res = await oidc.fetchProtectedResource(
      publicConfig,
      refreshed.access_token,
      ordersUrl,
      "GET",
      undefined,
      undefined,
      { DPoP },
    );
    expect(res.status).toBe(200);
  });

  it("a publisher requires DPoP and accepts API keys; a developer's key opens the API until revoked", async () => {
    const { db, seen, apiId, appId, config, ordersUrl, call, restCall } = w;
    const schemes = await restCall("PUT", `/api/publisher/v1/apis/${apiId}/security-schemes`, {
      oauth2: { dpop: "required" },
      apiKey: { enabled: true },
    });
    expect(schemes.status, JSON.stringify(schemes.body)).toBe(200);
    const exported = await restCall("GET", `/api/publisher/v1/apis/${apiId}/openapi`);
    expect(exported.body.components.securitySchemes.apiKey).toEqual({
      type: "apiKey",
      in: "header",
      name: "apikey",
    });
    expect(exported.body.components.securitySchemes.portico["x-portico-dpop"]).toBe("required");
    expect(exported.body.paths["/orders"].get.security).toEqual([{ portico: [] }, { apiKey: [] }]);
    const bearer = await oidc.clientCredentialsGrant(config, {});
    expect(bearer.token_type).toBe("bearer");
    await eventually(async () => {
      const refused = await call({ authorization: `Bearer ${bearer.access_token}` });
      expect(refused.status).toBe(401);
      expect(refused.challenge).toMatch(/^DPoP /);
    });

    // the developer portal binds a token to the developer's own public JWK; their client makes the proofs
    const devKeys = await generateKeyPair("ES256", { extractable: true });
    const privateJwk = await exportJWK(devKeys.privateKey);
    const refusedJwk = await restCall("POST", `/api/devportal/v1/applications/${appId}/dpop-tokens`, {
      keyType: "PRODUCTION",
      jwk: privateJwk,
    });
    expect(refusedJwk.status).toBe(400);
    const portalToken = await restCall("POST", `/api/devportal/v1/applications/${appId}/dpop-tokens`, {
      keyType: "PRODUCTION",
      jwk: await exportJWK(devKeys.publicKey),
    });
    expect(portalToken.status, JSON.stringify(portalToken.body)).toBe(201);
    expect(portalToken.body.tokenType).toBe("DPoP");
    expect(portalToken.body.examples.curl).toContain("Authorization: DPoP");
    expect(portalToken.body.examples.openidClient).toContain("getDPoPHandle");
    const viaPortal = await oidc.fetchProtectedResource(
      config,
      portalToken.body.accessToken,
      ordersUrl,
      "GET",
      undefined,
      undefined,
      { DPoP: oidc.getDPoPHandle(config, devKeys) },
    );
    expect(viaPortal.status).toBe(200);

    const generated = await restCall("POST", `/api/devportal/v1/applications/${appId}/api-keys`, {
      name: "backend job",
      expiresInDays: 30,
    });
    expect(generated.status).toBe(201);
    const key = generated.body.apiKey as string;
    const listed = await restCall("GET", `/api/devportal/v1/applications/${appId}/api-keys`);
    expect(JSON.stringify(listed.body)).not.toContain(key);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: generated.body.id } })).keyHash).not.toContain(
      key,
    );
    seen.length = 0;
    expect((await call({ apikey: key })).status).toBe(200);
    expect(seen[0]?.apikey).toBeUndefined();

    expect(
      (await restCall("DELETE", `/api/devportal/v1/applications/${appId}/api-keys/${generated.body.id}`))
        .status,
    ).toBe(204);
    await eventually(async () => {
      const revoked = await call({ apikey: key });
      expect(revoked.status).toBe(401);
      expect(revoked.body.code).toBe("invalid_api_key");
    });
  });
});
