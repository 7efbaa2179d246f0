// Operations around the endpoints: signing-key rotation, revocation by application and by user
// (with the Redis announcement), the portals' derived client secrets, and the process entry point.
// The abuse limits are in abuse-limits.test.ts.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import path from "node:path";
import { loadOrCreateMasterKeyring } from "@portico/crypto";
import {
  GRANT_TYPES_OF_IDENTITY_PROVIDER,
  PORTAL_CLIENT_IDS,
  portalClientSecret,
  revokeTokensOfApplication,
  revokeTokensOfUser,
  rotateSigningKey,
} from "@portico/issuer-admin";
import { CHANGE_CHANNEL } from "@portico/tokens";
import { Redis } from "ioredis";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IWA_NTLM } from "../src/grants/iwa-ntlm";
import { JWT_BEARER } from "../src/grants/jwt-bearer";
import { KERBEROS, KERBEROS_URN } from "../src/grants/kerberos";
import { SAML2_BEARER } from "../src/grants/saml2-bearer";
import { ChangeNotifier } from "../src/index";
import { Browser, readForm } from "./browser";
import { type Platform, startPlatform } from "./fixture";
import { freePort, startRedis } from "./redis-server";

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({
    portals: { publisherUrl: "http://localhost:3000", devportalUrl: "http://localhost:3001" },
  });
});
afterAll(async () => p.close());

async function jwks() {
  return (await (await p.fetch(`${p.km.url}/oauth2/jwks`)).json()) as { keys: Array<{ kid: string }> };
}

describe("signing key rotation", () => {
  it("signs with the new key and keeps the retired one published until its tokens expire", async () => {
    const before = await p.token({ grant_type: "client_credentials" });
    const oldKid = decodeProtectedHeader(before.body.access_token as string).kid as string;
    const keyring = loadOrCreateMasterKeyring(p.dataDir);
    const rotated = await rotateSigningKey(p.db, keyring, { alg: "ES256" });
    expect(rotated.retired).toEqual([oldKid]);
    p.km.keyManager.keys.invalidate();

    const after = await p.token({ grant_type: "client_credentials" });
    expect(decodeProtectedHeader(after.body.access_token as string).kid).toBe(rotated.kid);
    const published = await jwks();
    expect(published.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, rotated.kid]));
    // the old token still verifies against the published keys
    const keys = createLocalJWKSet(published as never);
    await expect(
      jwtVerify(before.body.access_token as string, keys, { issuer: p.km.url }),
    ).resolves.toBeTruthy();

    // a key retired longer ago than the longest token lifetime is no longer published
    const again = await rotateSigningKey(p.db, keyring, {
      alg: "ES256",
      now: new Date(Date.now() - 3 * 86400_000),
    });
    p.km.keyManager.keys.invalidate();
    const later = (await jwks()).keys.map((k) => k.kid);
    expect(later).toContain(again.kid);
    expect(later).not.toContain(rotated.kid);
    const stored = await p.db.signingKey.findUniqueOrThrow({ where: { kid: again.kid } });
    expect(stored.privateKeyEnc.startsWith("pe1.")).toBe(true);
    expect(stored.privateKeyEnc).not.toContain("PRIVATE KEY");
  });
});

describe("revocation of what a federated identity obtained", () => {
  it("names each identity provider type's grants as the grant modules register them", () => {
    expect(GRANT_TYPES_OF_IDENTITY_PROVIDER).toEqual({
      OIDC: [JWT_BEARER],
      SAML2: [SAML2_BEARER],
      KERBEROS: [KERBEROS, KERBEROS_URN],
      NTLM: [IWA_NTLM],
    });
  });
});

describe("revocation by application and by user", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let redisUrl: string;

  beforeAll(async () => {
    redis = await startRedis();
    redisUrl = redis.url;
  });
  afterAll(() => redis.stop());

  it("revokes an application's tokens, records token.revoked events and publishes them on Redis", async () => {
    const a = await p.token({ grant_type: "client_credentials" });
    const b = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
    });
    const subscriber = new Redis(redisUrl);
    const received: string[] = [];
    subscriber.on("message", (_channel, message) => received.push(message));
    await subscriber.subscribe(CHANGE_CHANNEL);
    const changes = new ChangeNotifier(p.db, redisUrl);
    try {
      const result = await revokeTokensOfApplication({ db: p.db, changes }, p.application.id);
      expect(result.accessTokens).toBeGreaterThanOrEqual(2);
      for (const token of [a, b]) {
        const jti = decodeJwt(token.body.access_token as string).jti as string;
        expect((await p.db.accessToken.findUniqueOrThrow({ where: { jti } })).revokedAt).not.toBeNull();
        expect(await p.db.changeEvent.count({ where: { topic: "token.revoked", entityId: jti } })).toBe(1);
        for (let i = 0; i < 50 && !received.some((m) => m.includes(jti)); i++)
          await new Promise((r) => setTimeout(r, 20));
        expect(received).toContain(JSON.stringify({ topic: "token.revoked", entityId: jti }));
      }
      // the refresh token of the password grant died with it
      const refreshed = await p.token({
        grant_type: "refresh_token",
        refresh_token: b.body.refresh_token as string,
      });
      expect(refreshed.body.error).toBe("invalid_grant");
    } finally {
      await changes.close();
      subscriber.disconnect();
    }
  });

  it("revokes a user's tokens across clients", async () => {
    const t = await p.token({
      grant_type: "password",
      username: p.admin.username,
      password: p.admin.password,
    });
    const changes = new ChangeNotifier(p.db);
    const result = await revokeTokensOfUser({ db: p.db, changes }, p.admin.id);
    expect(result.accessTokens).toBe(1);
    const jti = decodeJwt(t.body.access_token as string).jti as string;
    expect((await p.db.accessToken.findUniqueOrThrow({ where: { jti } })).revokedAt).not.toBeNull();
  });
});

describe("portal sign-in clients", () => {
  it("authenticate with the secret derived from the master key; the database holds only its hash", async () => {
    const keyring = loadOrCreateMasterKeyring(p.dataDir);
    for (const clientId of Object.values(PORTAL_CLIENT_IDS)) {
      const secret = portalClientSecret(keyring, clientId);
      const client = await p.db.oAuthClient.findUniqueOrThrow({
        where: { clientId },
        include: { secrets: true },
      });
      expect(client.redirectUris).toEqual([
        clientId === "portico-publisher"
          ? "http://localhost:3000/api/auth/callback/portico"
          : "http://localhost:3001/api/auth/callback/portico",
      ]);
      expect(JSON.stringify(client.secrets)).not.toContain(secret);
      const res = await p.fetch(`${p.km.url}/oauth2/introspect`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}`,
        },
        body: "token=unknown",
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ active: false });
    }
  });
});

describe("portal sign-in like next-auth", () => {
  it("runs authorization code + PKCE with the derived secret and no consent page (first party)", async () => {
    const oidc = await import("openid-client");
    const clientId = PORTAL_CLIENT_IDS.devportal;
    const secret = portalClientSecret(loadOrCreateMasterKeyring(p.dataDir), clientId);
    const customFetch = ((url: string, options: object) => p.fetch(url, options as never)) as never;
    const config = await oidc.discovery(new URL(p.km.url), clientId, secret, undefined, {
      [oidc.customFetch]: customFetch,
    });
    config[oidc.customFetch] = customFetch;
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const redirectUri = "http://localhost:3001/api/auth/callback/portico";
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: "openid profile email portico:subscribe",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state,
    });
    const browser = new Browser(p);
    const login = await browser.get(url.href);
    const back = await browser.submit(readForm(login.html), {
      username: p.developer.username,
      password: p.developer.password,
    });
    expect(back.status).toBe(303);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.location as string), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.scope).toBe("openid profile email portico:subscribe");
    expect(tokens.claims()).toMatchObject({ sub: p.developer.id, preferred_username: "dev", aud: clientId });
  });
});

describe("the process", () => {
  it("main.ts serves over HTTPS on the configured port, prints one ready line and stops on SIGTERM", async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "../src/main.ts")],
      {
        env: {
          PATH: process.env.PATH,
          PORTICO_DATA_DIR: p.dataDir,
          DATABASE_URL: p.databaseUrl,
          PORTICO_KEYMANAGER_PORT: String(port),
          PORTICO_ISSUER: `https://localhost:${port}`,
          PORTICO_LOG_LEVEL: "error",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      let output = "";
      child.stdout?.on("data", (d: Buffer) => {
        output += d.toString();
      });
      let errors = "";
      child.stderr?.on("data", (d: Buffer) => {
        errors += d.toString();
      });
      for (let i = 0; i < 200 && !output.includes("\n"); i++) await new Promise((r) => setTimeout(r, 50));
      expect(errors).toBe("");
      expect(output).toBe(`keymanager listening on https://localhost:${port}\n`);
      const agent = new Agent({
        connect: { ca: readFileSync(path.join(p.dataDir, "tls", "ca.pem"), "utf8") },
      });
      const health = await undiciFetch(`https://localhost:${port}/_portico/health`, { dispatcher: agent });
      expect(await health.json()).toEqual({ status: "ok" });
      await agent.close();
      child.kill("SIGTERM");
      const [code] = await once(child, "exit");
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
