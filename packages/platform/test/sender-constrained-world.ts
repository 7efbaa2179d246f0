// The world of the sender-constrained end-to-end test: the real key manager (DPoP nonces on),
// a real gateway in front of a backend that records what reaches it, the publisher and developer
// portal REST APIs, and openid-client configurations for a confidential and a public client.
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
import * as oidc from "openid-client";
import { Agent, fetch as undiciFetch } from "undici";
import { keyManagerTokenIssuer } from "../src/index";
import {
  createRestHandler,
  describeRestApi,
  devportalRoutes,
  publisherRoutes,
  type Route,
} from "../src/rest/index";
import { GATEWAY, type Provider, scratchDatabase, serve } from "./fixtures";

export async function startSenderConstrainedWorld(provider: Provider) {
  let db: Db;
  let drop: () => Promise<void>;
  let km: RunningKeyManager;
  let gw: RunningGateway;
  let agent: Agent;
  let rest: Awaited<ReturnType<typeof serve>>;
  let backend: ReturnType<typeof createServer>;
  const seen: IncomingHttpHeaders[] = [];
  let restToken: string;
  /** the DPoP headers openid-client sent, newest last */
  const proofsSent: string[] = [];
  let ordersUrl: URL;
  const devPassword = `pw-${randomToken(12)}`;

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
  const apiId = api.id;
  const app = await db.application.create({ data: { name: "Devi's shop", ownerId: dev.id } });
  const appId = app.id;
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
  const config = await discover("devi-shop", secret);
  const publicConfig = await discover("devi-spa");

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

  async function close() {
    await gw?.close();
    await rest?.close();
    backend?.closeAllConnections();
    backend?.close();
    await km?.close();
    await agent?.close();
    await db?.$disconnect();
    await drop?.();
  }

  return {
    db,
    km,
    gw,
    seen,
    apiId,
    appId,
    config,
    publicConfig,
    proofsSent,
    ordersUrl,
    devPassword,
    call,
    restCall,
    close,
  };
}

export type SenderConstrainedWorld = Awaited<ReturnType<typeof startSenderConstrainedWorld>>;
