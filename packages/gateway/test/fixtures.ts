// A small world for gateway tests: a scratch SQLite database, the resident key manager's signing
// key, tokens minted exactly as the key manager issues them, and a real upstream server.
import { randomBytes, randomUUID } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { encryptSecret, loadOrCreateMasterKeyring } from "@portico/crypto";
import { createDb } from "@portico/db";
import { loadSettings } from "@portico/settings";
import { opaqueTokenHash } from "@portico/tokens";
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT } from "jose";
import { inject } from "vitest";
import { type RunningGateway, startGateway } from "../src/index";
import { startUpstream } from "./upstream";
import type { MintOptions, World } from "./world-types";

export { type ChildGateway, startChildGateway } from "./child-gateway";
export { type Answer, bearer, call, eventually, rawCall } from "./http-calls";
export { type SeenRequest, startUpstream, type Upstream } from "./upstream";
export type { ApiSpec, MintOptions, World } from "./world-types";

export const ISSUER = "https://km.portico.test";
export const GATEWAY_URL = "https://gw.portico.test:8243";

/** A world on a copy of the migrated SQLite template, or on `databaseUrl` (already migrated). */
export async function createWorld(
  env: Record<string, string> = {},
  options: { databaseUrl?: string } = {},
): Promise<World> {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-gw-"));
  let url = options.databaseUrl;
  if (!url) {
    const file = path.join(dir, "portico.db");
    copyFileSync(inject("templateDb"), file);
    url = `file:${file}`;
  }
  const settings = loadSettings({
    DATABASE_URL: url,
    PORTICO_DATA_DIR: dir,
    PORTICO_ISSUER: ISSUER,
    PORTICO_GATEWAY_URL: GATEWAY_URL,
    PORTICO_MASTER_KEY: randomBytes(32).toString("base64"),
    // the tests' backends listen on loopback, which the egress policy refuses unless allowed
    PORTICO_BACKEND_ALLOW: "127.0.0.0/8",
    ...env,
  });
  const keyring = loadOrCreateMasterKeyring(dir, settings.PORTICO_MASTER_KEY);
  const db = createDb(url);
  const upstream = await startUpstream();

  const resident = await db.keyManager.create({
    data: { name: "Resident Key Manager", type: "RESIDENT", issuer: ISSUER },
  });
  const owner = await db.user.create({ data: { username: `dev-${randomUUID().slice(0, 8)}` } });
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = `km-${randomUUID()}`;
  await db.signingKey.create({
    data: {
      kid,
      use: "ACCESS_TOKEN",
      alg: "ES256",
      publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" },
      privateKeyEnc: encryptSecret(keyring, await exportPKCS8(privateKey), `signing-key:${kid}`),
    },
  });

  const gateways: RunningGateway[] = [];
  const clientApps = new Map<
    string,
    { applicationId: string | null; keyType: "PRODUCTION" | "SANDBOX"; id: string }
  >();

  const record = async (
    o: MintOptions,
    jti: string,
    format: "JWT" | "OPAQUE",
    tokenHash: string | null,
    exp: number,
  ) => {
    const client = clientApps.get(o.clientId);
    if (!client) throw new Error(`unknown client ${o.clientId}`);
    await db.accessToken.create({
      data: {
        jti,
        tokenHash,
        format,
        clientId: client.id,
        applicationId: client.applicationId,
        keyType: client.keyType,
        scope: o.scope ?? "",
        grantType: o.sub ? "password" : "client_credentials",
        expiresAt: new Date(exp * 1000),
      },
    });
  };

  const world: World = {
    dir,
    db,
    settings,
    keyring,
    upstream,
    residentKeyManagerId: resident.id,
    ownerId: owner.id,
    ownerName: owner.username,
    async tier(name, requestCount, unitSeconds = 60, level = "SUBSCRIPTION", burst) {
      const t = await db.throttlingTier.create({
        data: {
          name,
          level,
          requestCount,
          unitSeconds,
          burst: burst ?? null,
          unlimited: requestCount === null,
        },
      });
      return t.id;
    },
    async createApi(spec) {
      const api = await db.api.create({
        data: {
          name: spec.name ?? spec.context.slice(1),
          version: spec.version ?? "1.0.0",
          context: spec.context,
          state: spec.state ?? "PUBLISHED",
          isDefaultVersion: spec.isDefaultVersion ?? false,
          transports: spec.transports ?? ["https", "http"],
          productionEndpoint: spec.productionEndpoint === undefined ? upstream.url : spec.productionEndpoint,
          sandboxEndpoint: spec.sandboxEndpoint === undefined ? null : spec.sandboxEndpoint,
          productionFailovers: spec.productionFailovers ?? [],
          sandboxFailovers: spec.sandboxFailovers ?? [],
          loadBalance: spec.loadBalance ?? false,
          cors: (spec.cors ?? { enabled: false }) as object,
          backendJwt: (spec.backendJwt ?? { enabled: false }) as object,
          forwardAuthorization: spec.forwardAuthorization ?? false,
          allowMethodOverride: spec.allowMethodOverride ?? false,
          gatewayPolicies: (spec.gatewayPolicies ?? []) as object[],
          throttlingTierId: spec.throttlingTierId ?? null,
          ownerId: owner.id,
        },
      });
      const resourceIds: string[] = [];
      for (const r of spec.resources) {
        const resource = await db.resource.create({
          data: {
            apiId: api.id,
            method: r.method,
            pathTemplate: r.path,
            authRequired: r.authRequired ?? true,
            throttlingTierId: r.throttlingTierId ?? null,
          },
        });
        resourceIds.push(resource.id);
        for (const name of r.scopes ?? []) {
          const scope = await db.scope.upsert({
            where: { name },
            create: { name, apiId: api.id },
            update: {},
          });
          await db.resourceScope.create({ data: { resourceId: resource.id, scopeId: scope.id } });
        }
      }
      return { id: api.id, resourceIds };
    },
    async createApplication(name, tierId) {
      const app = await db.application.create({
        data: { name, ownerId: owner.id, throttlingTierId: tierId ?? null },
      });
      const ids = { PRODUCTION: `ck-${randomUUID()}`, SANDBOX: `ck-${randomUUID()}` };
      for (const keyType of ["PRODUCTION", "SANDBOX"] as const) {
        const client = await db.oAuthClient.create({
          data: {
            clientId: ids[keyType],
            name: `${name} ${keyType}`,
            applicationId: app.id,
            keyType,
            keyManagerId: resident.id,
            grantTypes: ["client_credentials"],
          },
        });
        clientApps.set(ids[keyType], { applicationId: app.id, keyType, id: client.id });
      }
      return { id: app.id, productionClientId: ids.PRODUCTION, sandboxClientId: ids.SANDBOX };
    },
    async subscribe(applicationId, apiId, tierId, state = "ACTIVE") {
      const tier = tierId ?? (await world.tier(`Unlimited-${randomUUID().slice(0, 6)}`, null));
      const s = await db.subscription.create({ data: { applicationId, apiId, tierId: tier, state } });
      return s.id;
    },
    async mintJwt(o) {
      const client = clientApps.get(o.clientId);
      const now = Math.floor((o.now ?? Date.now()) / 1000);
      const exp = now + (o.expiresIn ?? 3600);
      const jti = randomUUID();
      const claims: Record<string, unknown> = {
        iss: ISSUER,
        sub: o.sub ?? o.clientId,
        aud: GATEWAY_URL,
        client_id: o.clientId,
        scope: o.scope ?? "",
        jti,
        iat: now,
        exp,
        ...(o.roles ? { roles: o.roles } : {}),
        ...(o.username ? { username: o.username } : {}),
        ...(client?.applicationId
          ? { application_id: o.applicationId ?? client.applicationId, key_type: o.keyType ?? client.keyType }
          : {}),
        gty: o.sub ? "password" : "client_credentials",
        ...o.claims,
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt", ...o.header })
        .sign(privateKey);
      if (!o.noRecord) await record(o, jti, "JWT", null, exp);
      return { token, jti };
    },
    async mintOpaque(o) {
      const token = randomBytes(32).toString("base64url");
      const jti = randomUUID();
      const now = Math.floor((o.now ?? Date.now()) / 1000);
      await record(o, jti, "OPAQUE", opaqueTokenHash(token), now + (o.expiresIn ?? 3600));
      return { token, jti };
    },
    async revoke(jti) {
      await db.accessToken.update({ where: { jti }, data: { revokedAt: new Date() } });
      await world.change("token.revoked", jti);
    },
    async change(topic, entityId) {
      await db.changeEvent.create({ data: { topic, entityId: entityId ?? null } });
    },
    async start(options = {}) {
      const gw = await startGateway({
        settings,
        db,
        keyring,
        httpPort: 0,
        httpsPort: 0,
        host: "127.0.0.1",
        pollIntervalMs: 200,
        log: () => {},
        ...options,
      });
      gateways.push(gw);
      return gw;
    },
    async close() {
      for (const gw of gateways) await gw.close();
      await upstream.close();
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return world;
}
