// RFC 7591 registration driven by a stock client (openid-client's dynamicClientRegistration),
// the off switch, and initial access tokens (required, spent, raced).
import { randomToken, sha256Hex } from "@portico/crypto";
import * as oidc from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { goodMetadata, type RegistrationPlatform, startRegistrationPlatform } from "./registration-fixture";

let r: RegistrationPlatform;
beforeAll(async () => {
  r = await startRegistrationPlatform();
});
afterAll(async () => r.p.close());
beforeEach(async () => r.setPolicy({}));

let customFetch: oidc.CustomFetch;
beforeAll(() => {
  customFetch = (url, options) => r.p.fetch(url, options as never) as unknown as Promise<Response>;
});

describe("switch", () => {
  it("is off by default: no registration_endpoint in the metadata and 404 at both endpoints", async () => {
    await r.setPolicy(null);
    const metadata = (await (
      await r.p.fetch(`${r.p.km.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata).not.toHaveProperty("registration_endpoint");
    const { token } = await r.initialAccessToken();
    const res = await r.register(goodMetadata, token);
    expect(res.status).toBe(404);
    expect((await r.manage("GET", `${r.p.km.url}/oauth2/register/anything`, token)).status).toBe(404);
    expect(await r.registeredClients()).toBe(0);
  });

  it("advertises registration_endpoint in both metadata documents once an admin switches it on", async () => {
    for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
      const metadata = (await (await r.p.fetch(`${r.p.km.url}${path}`)).json()) as Record<string, unknown>;
      expect(metadata.registration_endpoint).toBe(`${r.p.km.url}/oauth2/register`);
    }
  });
});

describe("registration with openid-client", () => {
  it("registers a client that then gets a token with the secret it was given", async () => {
    const { token, id } = await r.initialAccessToken();
    const config = await oidc.dynamicClientRegistration(new URL(r.p.km.url), goodMetadata, undefined, {
      initialAccessToken: token,
      [oidc.customFetch]: customFetch,
    });
    config[oidc.customFetch] = customFetch;
    const registered = config.clientMetadata();
    expect(registered.client_id).toMatch(/^dcr_/);
    expect(registered.client_secret).toEqual(expect.any(String));
    expect(registered.registration_access_token).toEqual(expect.any(String));
    expect(registered.registration_client_uri).toBe(`${r.p.km.url}/oauth2/register/${registered.client_id}`);
    expect(registered.grant_types).toEqual(goodMetadata.grant_types);
    expect(registered.response_types).toEqual(["code"]);
    // the secret and the registration token are stored only as hashes
    const row = await r.p.db.oAuthClient.findUniqueOrThrow({
      where: { clientId: registered.client_id },
      include: { secrets: true },
    });
    expect(row.registrationTokenHash).toBe(sha256Hex(registered.registration_access_token as string));
    expect(JSON.stringify(row)).not.toContain(registered.client_secret as string);
    // the initial access token was single use
    expect(await r.p.db.initialAccessToken.findUniqueOrThrow({ where: { id } })).toMatchObject({
      remainingUses: 0,
      usedCount: 1,
    });
    const tokens = await oidc.clientCredentialsGrant(config, {});
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it("surfaces invalid_redirect_uri to the stock client and creates nothing", async () => {
    const { token } = await r.initialAccessToken();
    const before = await r.registeredClients();
    const error = await oidc
      .dynamicClientRegistration(
        new URL(r.p.km.url),
        { ...goodMetadata, redirect_uris: ["http://widget.example.test/cb"] },
        undefined,
        { initialAccessToken: token, [oidc.customFetch]: customFetch },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(oidc.ResponseBodyError);
    expect((error as oidc.ResponseBodyError).error).toBe("invalid_redirect_uri");
    expect(await r.registeredClients()).toBe(before);
  });
});

describe("initial access tokens", () => {
  it("are required unless the policy says otherwise: 401 invalid_token without, or with an unknown, expired, revoked or spent one", async () => {
    const expired = await r.initialAccessToken({ expiresInMs: -1000 });
    const revoked = await r.initialAccessToken({ revoked: true });
    const spent = await r.initialAccessToken({ uses: 0 });
    const before = await r.registeredClients();
    for (const token of [undefined, randomToken(32), expired.token, revoked.token, spent.token]) {
      const res = await r.register(goodMetadata, token);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("invalid_token");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
    expect(await r.registeredClients()).toBe(before);
    await r.setPolicy({ requireInitialAccessToken: false });
    expect((await r.register(goodMetadata)).status).toBe(201);
  });

  it("a single-use token raced by ten registrations registers exactly one client", async () => {
    const { token, id } = await r.initialAccessToken({ uses: 1 });
    const before = await r.registeredClients();
    const results = await Promise.all(Array.from({ length: 10 }, () => r.register(goodMetadata, token)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(9);
    expect(await r.registeredClients()).toBe(before + 1);
    expect(await r.p.db.initialAccessToken.findUniqueOrThrow({ where: { id } })).toMatchObject({
      usedCount: 1,
      remainingUses: 0,
    });
  });

  it("a token with no use limit registers several clients until it expires", async () => {
    const { token } = await r.initialAccessToken({ uses: null });
    expect((await r.register(goodMetadata, token)).status).toBe(201);
    expect((await r.register(goodMetadata, token)).status).toBe(201);
  });
});
