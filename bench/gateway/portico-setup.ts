import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";

/** What request validation checks on the guarded API: one query parameter and one header. */
const GUARDED_OPENAPI = {
  openapi: "3.0.3",
  info: { title: "Guarded pizza", version: "1.0.0" },
  paths: {
    "/menu": {
      get: {
        parameters: [
          { name: "size", in: "query", required: true, schema: { type: "string", enum: ["small", "large"] } },
          { name: "accept", in: "header", schema: { type: "string", maxLength: 100 } },
        ],
        responses: { "200": { description: "the menu" } },
      },
    },
  },
};

/**
 * A scratch Portico database with one API under full security (and the same API with policies
 * attached) and a token that passes it; with `dpopJkt`, also a token bound to that key (RFC 9449).
 */
export async function preparePortico(dir: string, backendUrl: string, options: { dpopJkt?: string } = {}) {
  const url = `file:${path.join(dir, "portico.db")}`;
  const { migrateDatabase } = await import("../../packages/db/src/migrations.ts");
  const { createDb } = await import("../../packages/db/src/index.ts");
  const { encryptSecret, loadOrCreateMasterKeyring } = await import("../../packages/crypto/src/index.ts");
  const { exportJWK, exportPKCS8, generateKeyPair, SignJWT } = await import("jose");
  await migrateDatabase(url);
  const db = createDb(url);
  const masterKey = randomBytes(32).toString("base64");
  const keyring = loadOrCreateMasterKeyring(dir, masterKey);
  const issuer = "https://localhost:9443";
  const audience = "https://localhost:8243";
  const km = await db.keyManager.create({ data: { name: "Resident Key Manager", type: "RESIDENT", issuer } });
  const owner = await db.user.create({ data: { username: "bench" } });
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const kid = "bench-key";
  await db.signingKey.create({
    data: {
      kid,
      use: "ACCESS_TOKEN",
      alg: "ES256",
      publicJwk: { ...(await exportJWK(publicKey)), kid },
      privateKeyEnc: encryptSecret(keyring, await exportPKCS8(privateKey), `signing-key:${kid}`),
    },
  });
  // Throttling on, with limits the run never reaches: every call is counted.
  const tier = await db.throttlingTier.create({
    data: { name: "Bench", level: "SUBSCRIPTION", requestCount: 1_000_000_000, unitSeconds: 60 },
  });
  const appTier = await db.throttlingTier.create({
    data: { name: "BenchApp", level: "APPLICATION", requestCount: 1_000_000_000, unitSeconds: 60 },
  });
  const api = await db.api.create({
    data: {
      name: "Pizza",
      version: "1.0.0",
      context: "/pizza",
      state: "PUBLISHED",
      transports: ["http", "https"],
      productionEndpoint: backendUrl,
      backendJwt: { enabled: true },
      ownerId: owner.id,
    },
  });
  const resource = await db.resource.create({
    data: { apiId: api.id, method: "GET", pathTemplate: "/menu" },
  });
  const scope = await db.scope.create({ data: { name: "pizza:read", apiId: api.id } });
  await db.resourceScope.create({ data: { resourceId: resource.id, scopeId: scope.id } });
  const app = await db.application.create({
    data: { name: "bench-app", ownerId: owner.id, throttlingTierId: appTier.id },
  });
  const client = await db.oAuthClient.create({
    data: { clientId: "bench-client", name: "bench", applicationId: app.id, keyManagerId: km.id },
  });
  await db.subscription.create({ data: { applicationId: app.id, apiId: api.id, tierId: tier.id } });
  // The same API again with request validation, threat protection and an IP rate limit attached.
  const guarded = await db.api.create({
    data: {
      name: "Guarded pizza",
      version: "1.0.0",
      context: "/guarded",
      state: "PUBLISHED",
      transports: ["http", "https"],
      productionEndpoint: backendUrl,
      backendJwt: { enabled: true },
      ownerId: owner.id,
      openApi: JSON.stringify(GUARDED_OPENAPI),
      gatewayPolicies: [
        { policy: "request-validation", config: {} },
        { policy: "threat-protection", config: {} },
        { policy: "rate-limit", config: { key: "ip", requestCount: 1_000_000_000, unitSeconds: 60 } },
      ],
    },
  });
  const guardedResource = await db.resource.create({
    data: { apiId: guarded.id, method: "GET", pathTemplate: "/menu" },
  });
  await db.resourceScope.create({ data: { resourceId: guardedResource.id, scopeId: scope.id } });
  await db.subscription.create({ data: { applicationId: app.id, apiId: guarded.id, tierId: tier.id } });
  const mint = async (cnf?: { jkt: string }) => {
    const jti = randomUUID();
    const token = await new SignJWT({
      client_id: "bench-client",
      scope: "pizza:read",
      application_id: app.id,
      key_type: "PRODUCTION",
      gty: "client_credentials",
      ...(cnf ? { cnf } : {}),
    })
      .setProtectedHeader({ alg: "ES256", kid, typ: "at+jwt" })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject("bench-client")
      .setJti(jti)
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    await db.accessToken.create({
      data: {
        jti,
        format: "JWT",
        clientId: client.id,
        applicationId: app.id,
        scope: "pizza:read",
        grantType: "client_credentials",
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    return token;
  };
  const token = await mint();
  const boundToken = options.dpopJkt ? await mint({ jkt: options.dpopJkt }) : undefined;
  await db.$disconnect();
  return {
    env: {
      DATABASE_URL: url,
      PORTICO_DATA_DIR: dir,
      PORTICO_MASTER_KEY: masterKey,
      PORTICO_ISSUER: issuer,
      PORTICO_GATEWAY_URL: audience,
      // the bench's backend listens on loopback, which the egress policy refuses unless allowed
      PORTICO_BACKEND_ALLOW: "127.0.0.1",
    },
    token,
    boundToken,
  };
}
