// The world of the external key manager journey: oidc-provider as the peer (registration with
// an initial access token, introspection, revocation, client credentials), a backend, the
// platform's REST APIs and a real gateway whose clock the test can move.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type RunningGateway, startGateway } from "@portico/gateway";
import { loadSettings } from "@portico/settings";
import Provider from "oidc-provider";
import { expect } from "vitest";
import { GATEWAY } from "./fixtures";
import { type Platform, startPlatform } from "./platform-server";

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

export const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

export type ExternalWorld = Awaited<ReturnType<typeof startExternalWorld>>;

export async function startExternalWorld() {
  let skewMs = 0;
  const introspector = { id: "portico-introspector", secret: randomBytes(24).toString("base64url") };
  const registrationToken = randomBytes(24).toString("base64url");
  // the peers listen on loopback, which the egress rules refuse unless an admin allows it
  const allowBefore = process.env.PORTICO_BACKEND_ALLOW;
  process.env.PORTICO_BACKEND_ALLOW = "127.0.0.0/8";
  const backend = createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url }));
  });
  await listen(backend);
  const idp = createServer();
  const issuer = `http://127.0.0.1:${await listen(idp)}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: introspector.id,
        client_secret: introspector.secret,
        grant_types: [],
        response_types: [],
        redirect_uris: [],
      },
    ],
    scopes: ["pizza:read", "other:read"],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      registration: { enabled: true, initialAccessToken: registrationToken },
    },
  });
  idp.on("request", provider.callback());
  const p: Platform = await startPlatform({
    root: ["admin", "publisher", "developer"],
    pat: ["publisher"],
    dana: ["developer"],
    eve: ["developer"],
  });
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-ekm-"));
  const gw: RunningGateway = await startGateway({
    settings: loadSettings({
      DATABASE_URL: `file:${path.join(dataDir, "unused.db")}`,
      PORTICO_DATA_DIR: dataDir,
      PORTICO_ISSUER: "https://localhost:9443",
      PORTICO_GATEWAY_URL: GATEWAY,
      PORTICO_BACKEND_ALLOW: "127.0.0.0/8",
    }),
    db: p.db,
    keyring: p.keyring,
    httpPort: 0,
    httpsPort: 0,
    host: "127.0.0.1",
    pollIntervalMs: 100,
    clock: () => Date.now() + skewMs,
    log: () => {},
  });

  return {
    p,
    gw,
    issuer,
    introspector,
    registrationToken,
    /** moves the gateway's clock */
    setSkew(ms: number) {
      skewMs = ms;
    },
    /** The client credentials grant straight at oidc-provider, as a developer's own code would. */
    async idpToken(clientId: string, secret: string, scope = "pizza:read") {
      const res = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: basic(clientId, secret),
        },
        body: new URLSearchParams({ grant_type: "client_credentials", scope }).toString(),
      });
      return (await res.json()) as { access_token: string };
    },
    /** A client registered at oidc-provider directly (not through Portico). */
    async idpClient() {
      const res = await fetch(`${issuer}/reg`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${registrationToken}` },
        body: JSON.stringify({
          grant_types: ["client_credentials"],
          response_types: [],
          redirect_uris: [],
          token_endpoint_auth_method: "client_secret_basic",
        }),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { client_id: string; client_secret: string };
    },
    async gatewayCall(pathName: string, token: string) {
      const res = await fetch(`${gw.httpUrl}${pathName}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.text() };
    },
    /** A published API at `context` whose tokens come from the external key manager. */
    async createApi(context: string) {
      const created = await p.publisher("POST", "/apis", "pat", {
        name: context.slice(1),
        version: "1.0.0",
        context,
        endpoints: { production: `http://127.0.0.1:${(backend.address() as AddressInfo).port}` },
        scopes: [{ name: `${context.slice(1)}:read`, roles: [] }],
        resources: [{ method: "GET", path: "/menu", scopes: [`${context.slice(1)}:read`] }],
        tiers: ["Unlimited"],
        transports: ["https", "http"],
        keyManagers: ["Partner IdP"],
      });
      expect(created.body).toMatchObject({ id: expect.any(String) });
      const published = await p.publisher("POST", `/apis/${created.body.id}/lifecycle`, "pat", {
        action: "publish",
      });
      expect(published.status).toBe(200);
      return created.body.id as string;
    },
    async close() {
      if (allowBefore === undefined) delete process.env.PORTICO_BACKEND_ALLOW;
      else process.env.PORTICO_BACKEND_ALLOW = allowBefore;
      await gw.close();
      await p.close();
      idp.closeAllConnections();
      idp.close();
      backend.closeAllConnections();
      backend.close();
    },
  };
}
