import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningGateway } from "../src/index";
import { expectChallenge, startAuthWorld } from "./auth-world";
import { bearer, call, eventually, GATEWAY_URL, ISSUER, type World } from "./fixtures";

let world: World;
let gw: RunningGateway;
let app: Awaited<ReturnType<World["createApplication"]>>;
let url: string;

beforeAll(async () => {
  ({ world, gw, app, url } = await startAuthWorld());
});

afterAll(async () => world.close());

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
