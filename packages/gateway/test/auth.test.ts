import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { bearer, call, createWorld, eventually, GATEWAY_URL, ISSUER, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let app: Awaited<ReturnType<World["createApplication"]>>;
let other: Awaited<ReturnType<World["createApplication"]>>;
let apiId: string;
let url: string;

beforeAll(async () => {
  world = await createWorld();
  ({ id: apiId } = await world.createApi({
    context: "/orders",
    sandboxEndpoint: `${world.upstream.url}/sandbox`,
    resources: [
      { method: "GET", path: "/list", scopes: ["orders:read"] },
      { method: "POST", path: "/list", scopes: ["orders:read", "orders:write"] },
      { method: "GET", path: "/public", authRequired: false },
      { method: "GET", path: "/any" },
    ],
  }));
  app = await world.createApplication("shop");
  other = await world.createApplication("unsubscribed");
  await world.subscribe(app.id, apiId);
  gw = await world.start();
  url = `${gw.httpUrl}/orders/1.0.0`;
});

afterAll(async () => world.close());

function expectChallenge(header: unknown, error?: string) {
  expect(typeof header).toBe("string");
  expect(header).toMatch(/^Bearer realm="portico"/);
  if (error) expect(header).toContain(`error="${error}"`);
}

describe("credentials", () => {
  it("refuses a call without a token with 401, missing_token and a Bearer challenge", async () => {
    const r = await call(`${url}/list`);
    expect(r.status).toBe(401);
    expect(r.json()).toEqual({
      code: "missing_token",
      message: "Unauthorized",
      description: expect.stringContaining("access token"),
    });
    expectChallenge(r.headers["www-authenticate"]);
  });

  it("accepts a valid JWT access token and does not forward the Authorization header", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    world.upstream.seen.length = 0;
    const r = await call(`${url}/list`, { headers: bearer(token) });
    expect(r.status).toBe(200);
    expect(world.upstream.seen[0]?.headers.authorization).toBeUndefined();
  });

  it("accepts a valid opaque token looked up by its hash", async () => {
    const { token } = await world.mintOpaque({ clientId: app.productionClientId, scope: "orders:read" });
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(200);
    expect((await call(`${url}/list`, { headers: bearer(`${token}x`) })).status).toBe(401);
  });

  it("routes sandbox tokens to the sandbox endpoint", async () => {
    const { token } = await world.mintJwt({ clientId: app.sandboxClientId, scope: "orders:read" });
    const r = await call(`${url}/list`, { headers: bearer(token) });
    expect(r.status).toBe(200);
    expect(r.json().url).toBe("/sandbox/list");
  });

  it("refuses expired tokens with token_expired", async () => {
    const { token } = await world.mintJwt({
      clientId: app.productionClientId,
      scope: "orders:read",
      now: Date.now() - 7_200_000,
      expiresIn: 60,
    });
    const r = await call(`${url}/list`, { headers: bearer(token) });
    expect(r.status).toBe(401);
    expect(r.json().code).toBe("token_expired");
    expectChallenge(r.headers["www-authenticate"], "invalid_token");
    const opaque = await world.mintOpaque({
      clientId: app.productionClientId,
      now: Date.now() - 7_200_000,
      expiresIn: 60,
    });
    expect((await call(`${url}/any`, { headers: bearer(opaque.token) })).json().code).toBe("token_expired");
  });

  it("refuses tokens not yet valid, for another audience or issuer, or of the wrong typ", async () => {
    const cases = [
      { claims: { nbf: Math.floor(Date.now() / 1000) + 3600 } },
      { claims: { aud: "https://elsewhere.example" } },
      { claims: { iss: "https://evil.example" } },
      { header: { typ: "JWT" } },
    ];
    for (const c of cases) {
      const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read", ...c });
      const r = await call(`${url}/list`, { headers: bearer(token) });
      expect(r.status, JSON.stringify(c)).toBe(401);
      expect(r.json().code).toBe("invalid_token");
    }
  });

  it("refuses tokens signed by an unknown key, with alg none, or tampered with", async () => {
    const stranger = await generateKeyPair("ES256");
    const forged = await new SignJWT({
      iss: ISSUER,
      aud: GATEWAY_URL,
      sub: "x",
      client_id: app.productionClientId,
      scope: "orders:read",
      jti: "forged",
      application_id: app.id,
      key_type: "PRODUCTION",
    })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: "unknown-kid" })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(stranger.privateKey);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    const none = `${b64({ alg: "none", typ: "at+jwt" })}.${b64({ iss: ISSUER, aud: GATEWAY_URL, sub: "x", client_id: app.productionClientId, scope: "orders:read", jti: "n", iat: 1, exp: 9999999999 })}.`;
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    const [h, p] = token.split(".");
    const tampered = `${h}.${b64({ ...JSON.parse(Buffer.from(p ?? "", "base64url").toString()), scope: "orders:read orders:write" })}.${token.split(".")[2]}`;
    world.upstream.seen.length = 0;
    for (const bad of [forged, none, tampered, "a.b.c", "not a token"]) {
      const r = await call(`${url}/list`, { headers: { authorization: `Bearer ${bad}` } });
      expect(r.status, bad).toBe(401);
      expect(r.json().code).toBe("invalid_token");
    }
    expect(world.upstream.seen).toHaveLength(0);
  });

  it("verifies a look-alike of a cached token on its own: same signature, other claims or padding", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(200); // now cached
    const [h, p, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(p ?? "", "base64url").toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, scope: "orders:read orders:write" })).toString(
      "base64url",
    );
    world.upstream.seen.length = 0;
    for (const lookAlike of [`${h}.${widened}.${signature}`, `x${token}`, `${"A".repeat(40)}.${signature}`]) {
      const r = await call(`${url}/list`, {
        method: "POST",
        headers: { authorization: `Bearer ${lookAlike}` },
      });
      expect(r.status, lookAlike).toBe(401);
      expect(r.json().code).toBe("invalid_token");
    }
    expect(world.upstream.seen).toHaveLength(0);
    // and the genuine token is still served from the cache
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(200);
  });

  it("refuses a JWT the key manager has no record of", async () => {
    const { token } = await world.mintJwt({
      clientId: app.productionClientId,
      scope: "orders:read",
      noRecord: true,
    });
    const r = await call(`${url}/list`, { headers: bearer(token) });
    expect(r.status).toBe(401);
  });

  it("picks up a signing key added after start (rotation) without an event", async () => {
    const { privateKey, publicKey } = await generateKeyPair("ES256", { extractable: true });
    const kid = "rotated-key";
    await world.db.signingKey.create({
      data: {
        kid,
        use: "ACCESS_TOKEN",
        alg: "ES256",
        publicJwk: { ...(await exportJWK(publicKey)), kid },
        privateKeyEnc: "pe1.unused",
      },
    });
    const jti = "rotated-jti";
    await world.db.accessToken.create({
      data: {
        jti,
        format: "JWT",
        clientId: (
          await world.db.oAuthClient.findUniqueOrThrow({ where: { clientId: app.productionClientId } })
        ).id,
        applicationId: app.id,
        scope: "orders:read",
        grantType: "client_credentials",
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    const token = await new SignJWT({
      iss: ISSUER,
      aud: GATEWAY_URL,
      sub: app.productionClientId,
      client_id: app.productionClientId,
      scope: "orders:read",
      jti,
      application_id: app.id,
      key_type: "PRODUCTION",
    })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid })
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(200);
  });

  it("forwards the caller's Authorization header only to APIs that ask for it", async () => {
    const { id } = await world.createApi({
      context: "/passthrough",
      forwardAuthorization: true,
      resources: [{ method: "GET", path: "/x" }],
    });
    await world.subscribe(app.id, id);
    await world.change("api", id);
    const { token } = await world.mintJwt({ clientId: app.productionClientId });
    world.upstream.seen.length = 0;
    await eventually(async () =>
      expect((await call(`${gw.httpUrl}/passthrough/1.0.0/x`, { headers: bearer(token) })).status).toBe(200),
    );
    expect(world.upstream.seen.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
  });

  it("lets open resources through without a token", async () => {
    expect((await call(`${url}/public`)).status).toBe(200);
  });
});

describe("revocation", () => {
  it("refuses a revoked JWT within 2 seconds, even though it was cached", async () => {
    const { token, jti } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(200);
    const started = Date.now();
    await world.revoke(jti);
    const r = await eventually(async () => {
      const answer = await call(`${url}/list`, { headers: bearer(token) });
      expect(answer.status).toBe(401);
      return answer;
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.json().code).toBe("token_revoked");
    expectChallenge(r.headers["www-authenticate"], "invalid_token");
  });

  it("refuses a revoked opaque token within 2 seconds", async () => {
    const { token, jti } = await world.mintOpaque({ clientId: app.productionClientId, scope: "orders:read" });
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(200);
    await world.revoke(jti);
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(token) })).json().code).toBe("token_revoked"),
    );
  });

  it("refuses tokens of revoked client keys once the client change arrives", async () => {
    const keys = await world.createApplication("revoked-keys");
    await world.subscribe(keys.id, apiId);
    await world.change("subscription");
    const jwt = (await world.mintJwt({ clientId: keys.productionClientId, scope: "orders:read" })).token;
    const opaque = (await world.mintOpaque({ clientId: keys.productionClientId, scope: "orders:read" }))
      .token;
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(jwt) })).status).toBe(200),
    );
    expect((await call(`${url}/list`, { headers: bearer(opaque) })).status).toBe(200);
    await world.db.oAuthClient.update({
      where: { clientId: keys.productionClientId },
      data: { revokedAt: new Date() },
    });
    await world.change("client");
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(jwt) })).json().code).toBe("token_revoked"),
    );
    expect((await call(`${url}/list`, { headers: bearer(opaque) })).json().code).toBe("token_revoked");
  });

  it("refuses a token revoked before the gateway first saw it", async () => {
    const { token, jti } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    await world.db.accessToken.update({ where: { jti }, data: { revokedAt: new Date() } });
    expect((await call(`${url}/list`, { headers: bearer(token) })).json().code).toBe("token_revoked");
  });

  it("refuses a token of a disabled user's application the first time it sees it, even unrevoked", async () => {
    // disabling revokes such tokens; this covers one written while the disable was being saved
    const jwt = (await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" })).token;
    const opaque = (await world.mintOpaque({ clientId: app.productionClientId, scope: "orders:read" })).token;
    await world.db.user.update({ where: { id: world.ownerId }, data: { disabled: true } });
    try {
      expect((await call(`${url}/list`, { headers: bearer(jwt) })).json().code).toBe("token_revoked");
      expect((await call(`${url}/list`, { headers: bearer(opaque) })).json().code).toBe("token_revoked");
    } finally {
      await world.db.user.update({ where: { id: world.ownerId }, data: { disabled: false } });
    }
  });
});

describe("subscription", () => {
  it("refuses an application that is not subscribed", async () => {
    const { token } = await world.mintJwt({ clientId: other.productionClientId, scope: "orders:read" });
    const r = await call(`${url}/list`, { headers: bearer(token) });
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("not_subscribed");
    expectChallenge(r.headers["www-authenticate"]);
  });

  it("follows subscription changes within 2 seconds: blocked, production-only blocked, removed", async () => {
    const app2 = await world.createApplication("blockable");
    const subId = await world.subscribe(app2.id, apiId);
    await world.change("subscription", subId);
    const prod = (await world.mintJwt({ clientId: app2.productionClientId, scope: "orders:read" })).token;
    const sandbox = (await world.mintJwt({ clientId: app2.sandboxClientId, scope: "orders:read" })).token;
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(prod) })).status).toBe(200),
    );

    await world.db.subscription.update({ where: { id: subId }, data: { state: "PROD_ONLY_BLOCKED" } });
    await world.change("subscription", subId);
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(prod) })).json().code).toBe("subscription_blocked"),
    );
    expect((await call(`${url}/list`, { headers: bearer(sandbox) })).status).toBe(200);

    await world.db.subscription.update({ where: { id: subId }, data: { state: "BLOCKED" } });
    await world.change("subscription", subId);
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(sandbox) })).json().code).toBe(
        "subscription_blocked",
      ),
    );

    await world.db.subscription.delete({ where: { id: subId } });
    await world.change("subscription", subId);
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(prod) })).json().code).toBe("not_subscribed"),
    );
  });

  it("refuses tokens of a blocked application", async () => {
    const app3 = await world.createApplication("to-block");
    await world.subscribe(app3.id, apiId);
    await world.db.application.update({ where: { id: app3.id }, data: { status: "BLOCKED" } });
    await world.change("application", app3.id);
    const { token } = await world.mintJwt({ clientId: app3.productionClientId, scope: "orders:read" });
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(token) })).json().code).toBe("application_blocked"),
    );
  });
});

describe("scopes", () => {
  it("refuses a token lacking a required scope with 403 insufficient_scope naming the scopes", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    const r = await call(`${url}/list`, { method: "POST", headers: bearer(token), body: "{}" });
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("insufficient_scope");
    expect(r.json().description).toContain("orders:write");
    expect(r.headers["www-authenticate"]).toBe(
      'Bearer realm="portico", error="insufficient_scope", error_description="the access token lacks the scope orders:write", scope="orders:read orders:write"',
    );
    const both = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read orders:write" });
    expect(
      (await call(`${url}/list`, { method: "POST", headers: bearer(both.token), body: "{}" })).status,
    ).toBe(200);
  });

  it("lets a resource without scopes through for any subscribed token", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "" });
    expect((await call(`${url}/any`, { headers: bearer(token) })).status).toBe(200);
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(403);
  });
});

describe("change events over Redis", () => {
  it("refuses a token within 2 seconds of a revocation published on Redis alone", async () => {
    const { Redis } = await import("ioredis");
    const { CHANGE_CHANNEL } = await import("@portico/tokens");
    const redisUrl = "redis://127.0.0.1:6379";
    const viaRedis = await world.start({
      redisUrl,
      redisKeyPrefix: `portico-test:${Date.now()}:`,
      pollIntervalMs: 60_000,
    });
    const publisher = new Redis(redisUrl);
    try {
      const { token, jti } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
      const target = `${viaRedis.httpUrl}/orders/1.0.0/list`;
      expect((await call(target, { headers: bearer(token) })).status).toBe(200);
      // no ChangeEvent row: only the Redis message can tell this gateway
      await world.db.accessToken.update({ where: { jti }, data: { revokedAt: new Date() } });
      const started = Date.now();
      await publisher.publish(CHANGE_CHANNEL, JSON.stringify({ topic: "token.revoked", entityId: jti }));
      await eventually(async () =>
        expect((await call(target, { headers: bearer(token) })).json().code).toBe("token_revoked"),
      );
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      publisher.disconnect();
      await viaRedis.close();
    }
  });
});
