// Sender-constrained credentials end to end, on SQLite and PostgreSQL: openid-client v6 gets
// DPoP-bound tokens from the real key manager (nonce round trip included), calls a real gateway
// with them, refreshes a public client's token; replayed or missing proofs and bound tokens sent
// as bearer tokens never reach the backend. Then a publisher switches an API to DPoP-only plus
// API keys through the REST API, and a developer's API key (generated, then revoked over REST)
// opens and closes it.
import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureLocalTls, hashSecret, MasterKeyring, randomToken } from "@portico/crypto";
import { createUser, type Db } from "@portico/db";
import { type RunningGateway, startGateway } from "@portico/gateway";
import { type RunningKeyManager, startKeyManager } from "@portico/keymanager";
import { loadSettings } from "@portico/settings";
import { exportJWK, generateKeyPair } from "jose";
import * as oidc from "openid-client";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyManagerTokenIssuer } from "../src/index";
import {
  createRestHandler,
  describeRestApi,
  devportalRoutes,
  publisherRoutes,
  type Route,
} from "../src/rest/index";
import { GATEWAY, type Provider, scratchDatabase, serve } from "./fixtures";

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
  let db: Db;
  let drop: () => Promise<void>;
  let km: RunningKeyManager;
  let gw: RunningGateway;
  let agent: Agent;
  let rest: Awaited<ReturnType<typeof serve>>;
  let backend: ReturnType<typeof createServer>;
  const seen: IncomingHttpHeaders[] = [];
  let apiId: string;
  let restToken: string;
  let appId: string;
  let config: oidc.Configuration;
  let publicConfig: oidc.Configuration;
  /** the DPoP headers openid-client sent, newest last */
  const proofsSent: string[] = [];
  let ordersUrl: URL;
  const devPassword = `pw-${randomToken(12)}`;

  beforeAll(async () => {
    ({ db, drop } = await scratchDatabase(provider));
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-dpop-"));
    const keyring = new MasterKeyring([MasterKeyring.generateKey()]);
    const tls = await ensureLocalTls(dataDir);
    agent = new Agent({ connect: { ca: tls.ca } });
    km = await startKeyManager({
      db,
      dataDir,
      keyring,
      port: 0,
      audience: GATEWAY,
      logLevel: "error",
      configuration: { dpopNonceRequired: true },
      portals: { publisherUrl: "http://localhost:3000", devportalUrl: "http://localhost:3001" },
    });
    backend = createServer((req, res) => {
      seen.push(req.headers);
      res.end('{"ok":true}');
    });
    backend.listen(0, "127.0.0.1");
    await once(backend, "listening");

    const password = devPassword;
    const dev = await createUser(db, {
      username: "devi",
      password,
      roles: ["admin", "publisher", "developer"],
    });
    const api = await db.api.create({
      data: {
        name: "Shop",
        version: "1.0.0",
        context: "/shop",
        state: "PUBLISHED",
        transports: ["https", "http"],
        ownerId: dev.id,
        productionEndpoint: `http://127.0.0.1:${(backend.address() as AddressInfo).port}`,
        resources: { create: [{ method: "GET", pathTemplate: "/orders" }] },
      },
    });
    apiId = api.id;
    const app = await db.application.create({ data: { name: "Devi's shop", ownerId: dev.id } });
    appId = app.id;
    const gold = await db.throttlingTier.findFirstOrThrow({ where: { name: "Gold", level: "SUBSCRIPTION" } });
    await db.subscription.create({ data: { applicationId: app.id, apiId: api.id, tierId: gold.id } });
    const secret = randomToken(24);
    await db.oAuthClient.create({
      data: {
        clientId: "devi-shop",
        name: "Devi's shop",
        applicationId: app.id,
        keyManagerId: km.keyManager.keyManagerId,
        grantTypes: ["client_credentials"],
        secrets: { create: [{ secretHash: await hashSecret(secret), hint: secret.slice(-4) }] },
      },
    });
    await db.oAuthClient.create({
      data: {
        clientId: "devi-spa",
        name: "Devi's single-page app",
        applicationId: app.id,
        keyType: "SANDBOX",
        keyManagerId: km.keyManager.keyManagerId,
        grantTypes: ["password", "refresh_token"],
        tokenEndpointAuthMethod: "none",
      },
    });
    await db.api.update({ where: { id: api.id }, data: { sandboxEndpoint: api.productionEndpoint } });

    const settings = loadSettings({
      DATABASE_URL: `file:${path.join(dataDir, "unused.db")}`,
      PORTICO_DATA_DIR: dataDir,
      PORTICO_ISSUER: km.url,
      PORTICO_GATEWAY_URL: GATEWAY,
      PORTICO_MASTER_KEY: keyring.current.key.toString("base64"),
      PORTICO_BACKEND_ALLOW: "127.0.0.0/8",
    });
    gw = await startGateway({
      settings,
      db,
      keyring,
      httpPort: 0,
      httpsPort: 0,
      host: "127.0.0.1",
      pollIntervalMs: 200,
      log: () => {},
    });
    ordersUrl = new URL(`${gw.httpUrl}/shop/1.0.0/orders`);

    const customFetch: oidc.CustomFetch = (url, options) => {
      const dpop = new Headers(options.headers as HeadersInit).get("dpop");
      if (dpop) proofsSent.push(dpop);
      return undiciFetch(url, { ...(options as object), dispatcher: agent }) as unknown as Promise<Response>;
    };
    const discover = async (clientId: string, secretValue?: string) => {
      const c = await oidc.discovery(
        new URL(km.url),
        clientId,
        secretValue,
        secretValue ? undefined : oidc.None(),
        { [oidc.customFetch]: customFetch },
      );
      c[oidc.customFetch] = customFetch;
      // the gateway is called over plain HTTP on loopback in this test
      oidc.allowInsecureRequests(c);
      return c;
    };
    config = await discover("devi-shop", secret);
    publicConfig = await discover("devi-spa");

    const restTokenResponse = await oidc.genericGrantRequest(await discover("portico-cli"), "password", {
      username: "devi",
      password,
      scope: "portico:api_view portico:api_create portico:app_manage",
    });
    restToken = restTokenResponse.access_token;
    const handlers = [
      { base: "/api/publisher/v1", routes: publisherRoutes },
      { base: "/api/devportal/v1", routes: devportalRoutes },
    ].map(({ base, routes }) => ({
      base,
      handle: createRestHandler(
        base,
        routes as Route[],
        () => ({
          db,
          issuer: km.url,
          gatewayUrl: GATEWAY,
          keyring: () => keyring,
          issueApplicationToken: keyManagerTokenIssuer({
            issuer: km.url,
            keyring: () => keyring,
            dispatcher: agent,
          }),
        }),
        () =>
          describeRestApi({
            title: base,
            version: "v1",
            serverUrl: base,
            issuer: km.url,
            routes: routes as Route[],
          }),
      ),
    }));
    rest = await serve(async (request) => {
      const handler = handlers.find((h) => new URL(request.url).pathname.startsWith(`${h.base}/`));
      return handler ? handler.handle(request) : new Response("no such API", { status: 404 });
    });
  }, 120_000);

  afterAll(async () => {
    await gw?.close();
    await rest?.close();
    backend?.closeAllConnections();
    backend?.close();
    await km?.close();
    await agent?.close();
    await db?.$disconnect();
    await drop?.();
  });

  async function call(headers: Record<string, string>) {
    const res = await undiciFetch(ordersUrl, { headers });
    return {
      status: res.status,
      challenge: res.headers.get("www-authenticate") ?? "",
      body: (await res.json()) as { code?: string },
    };
  }

  async function restCall(method: string, pathname: string, body?: unknown) {
    const res = await fetch(`${rest.url}${pathname}`, {
      method,
      headers: { authorization: `Bearer ${restToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test reads whatever JSON the REST API answered
    const answer: any = res.status === 204 ? null : await res.json();
    return { status: res.status, body: answer };
  }

  it("gets a DPoP token with openid-client, calls the gateway with it, and refuses replays, missing proofs and bearer use", async () => {
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
