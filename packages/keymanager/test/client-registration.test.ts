// RFC 7591 dynamic client registration and RFC 7592 client management, driven by a stock client
// (openid-client's dynamicClientRegistration) and by raw requests for what a stock client would
// refuse to send: bad metadata for each RFC 7591 error code, stolen and spent tokens, races.
import { randomToken, sha256Hex } from "@portico/crypto";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import * as oidc from "openid-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Platform, startPlatform } from "./fixture";

let p: Platform;
let customFetch: oidc.CustomFetch;
let statementKey: CryptoKey;
let statementJwk: JWK;
let strangerKey: CryptoKey;

const STATEMENT_ISSUER = "https://software-authority.example.test";

async function setPolicy(policy: Record<string, unknown> | null) {
  if (policy === null) {
    await p.db.platformSetting.deleteMany({ where: { key: "registration.policy" } });
    return;
  }
  const value = { enabled: true, redirectUriHosts: [], ...policy };
  await p.db.platformSetting.upsert({
    where: { key: "registration.policy" },
    create: { key: "registration.policy", value },
    update: { value },
  });
}

/** What an admin's issuing an initial access token leaves in the database. */
async function initialAccessToken(
  options: { uses?: number | null; expiresInMs?: number; revoked?: boolean } = {},
) {
  const token = randomToken(32);
  const row = await p.db.initialAccessToken.create({
    data: {
      tokenHash: sha256Hex(token),
      hint: token.slice(-4),
      expiresAt: new Date(Date.now() + (options.expiresInMs ?? 3_600_000)),
      remainingUses: options.uses === undefined ? 1 : options.uses,
      revokedAt: options.revoked ? new Date() : null,
    },
  });
  return { token, id: row.id };
}

async function register(body: unknown, token?: string, contentType = "application/json") {
  const res = await p.fetch(`${p.km.url}/oauth2/register`, {
    method: "POST",
    headers: { "content-type": contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    headers: res.headers,
  };
}

async function manage(method: string, uri: string, token: string | undefined, body?: unknown) {
  const res = await p.fetch(uri, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const registeredClients = () => p.db.oAuthClient.count({ where: { registrationTokenHash: { not: null } } });

const goodMetadata = {
  client_name: "Weather widget",
  redirect_uris: ["https://widget.example.test/cb"],
  grant_types: ["authorization_code", "refresh_token", "client_credentials"],
  token_endpoint_auth_method: "client_secret_basic",
};

beforeAll(async () => {
  p = await startPlatform();
  customFetch = (url, options) => p.fetch(url, options as never) as unknown as Promise<Response>;
  const pair = await generateKeyPair("ES256");
  statementKey = pair.privateKey;
  statementJwk = { ...(await exportJWK(pair.publicKey)), kid: "authority-1", alg: "ES256" };
  strangerKey = (await generateKeyPair("ES256")).privateKey;
});
afterAll(async () => p.close());
beforeEach(async () => setPolicy({}));

describe("switch", () => {
  it("is off by default: no registration_endpoint in the metadata and 404 at both endpoints", async () => {
    await setPolicy(null);
    const metadata = (await (
      await p.fetch(`${p.km.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(metadata).not.toHaveProperty("registration_endpoint");
    const { token } = await initialAccessToken();
    const res = await register(goodMetadata, token);
    expect(res.status).toBe(404);
    expect((await manage("GET", `${p.km.url}/oauth2/register/anything`, token)).status).toBe(404);
    expect(await registeredClients()).toBe(0);
  });

  it("advertises registration_endpoint in both metadata documents once an admin switches it on", async () => {
    for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
      const metadata = (await (await p.fetch(`${p.km.url}${path}`)).json()) as Record<string, unknown>;
      expect(metadata.registration_endpoint).toBe(`${p.km.url}/oauth2/register`);
    }
  });
});

describe("registration with openid-client", () => {
  it("registers a client that then gets a token with the secret it was given", async () => {
    const { token, id } = await initialAccessToken();
    const config = await oidc.dynamicClientRegistration(new URL(p.km.url), goodMetadata, undefined, {
      initialAccessToken: token,
      [oidc.customFetch]: customFetch,
    });
    config[oidc.customFetch] = customFetch;
    const registered = config.clientMetadata();
    expect(registered.client_id).toMatch(/^dcr_/);
    expect(registered.client_secret).toEqual(expect.any(String));
    expect(registered.registration_access_token).toEqual(expect.any(String));
    expect(registered.registration_client_uri).toBe(`${p.km.url}/oauth2/register/${registered.client_id}`);
    expect(registered.grant_types).toEqual(goodMetadata.grant_types);
    expect(registered.response_types).toEqual(["code"]);
    // the secret and the registration token are stored only as hashes
    const row = await p.db.oAuthClient.findUniqueOrThrow({
      where: { clientId: registered.client_id },
      include: { secrets: true },
    });
    expect(row.registrationTokenHash).toBe(sha256Hex(registered.registration_access_token as string));
    expect(JSON.stringify(row)).not.toContain(registered.client_secret as string);
    // the initial access token was single use
    expect(await p.db.initialAccessToken.findUniqueOrThrow({ where: { id } })).toMatchObject({
      remainingUses: 0,
      usedCount: 1,
    });
    const tokens = await oidc.clientCredentialsGrant(config, {});
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it("surfaces invalid_redirect_uri to the stock client and creates nothing", async () => {
    const { token } = await initialAccessToken();
    const before = await registeredClients();
    const error = await oidc
      .dynamicClientRegistration(
        new URL(p.km.url),
        { ...goodMetadata, redirect_uris: ["http://widget.example.test/cb"] },
        undefined,
        { initialAccessToken: token, [oidc.customFetch]: customFetch },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(oidc.ResponseBodyError);
    expect((error as oidc.ResponseBodyError).error).toBe("invalid_redirect_uri");
    expect(await registeredClients()).toBe(before);
  });
});

describe("RFC 7591 errors for bad metadata (nothing created, the initial access token not spent)", () => {
  const cases: Array<[string, Record<string, unknown>, string, Record<string, unknown>?]> = [
    [
      "a redirect URI with a fragment",
      { redirect_uris: ["https://widget.example.test/cb#x"] },
      "invalid_redirect_uri",
    ],
    [
      "an http redirect URI off loopback",
      { redirect_uris: ["http://widget.example.test/cb"] },
      "invalid_redirect_uri",
    ],
    ["a relative redirect URI", { redirect_uris: ["/cb"] }, "invalid_redirect_uri"],
    ["a wildcard redirect URI", { redirect_uris: ["https://*.example.test/cb"] }, "invalid_redirect_uri"],
    [
      "a redirect URI with credentials",
      { redirect_uris: ["https://u:p@widget.example.test/cb"] },
      "invalid_redirect_uri",
    ],
    ["authorization_code without redirect URIs", { redirect_uris: [] }, "invalid_redirect_uri"],
    [
      "a redirect URI on a host the policy does not allow",
      { redirect_uris: ["https://evil.example.org/cb"] },
      "invalid_redirect_uri",
      { redirectUriHosts: ["*.example.test"] },
    ],
    ["the password grant", { grant_types: ["password"] }, "invalid_client_metadata"],
    [
      "the developer portal's grant",
      { grant_types: ["urn:portico:params:oauth:grant-type:application-token"] },
      "invalid_client_metadata",
    ],
    [
      "a grant the policy allows but the platform has switched off",
      { grant_types: ["urn:ietf:params:oauth:grant-type:jwt-bearer"] },
      "invalid_client_metadata",
      { grantTypes: ["urn:ietf:params:oauth:grant-type:jwt-bearer"] },
    ],
    [
      "a grant the policy does not allow",
      { grant_types: ["client_credentials"], redirect_uris: [] },
      "invalid_client_metadata",
      { grantTypes: ["authorization_code"] },
    ],
    ["an unknown auth method", { token_endpoint_auth_method: "tls_client_auth" }, "invalid_client_metadata"],
    [
      "an auth method the policy does not allow",
      { token_endpoint_auth_method: "client_secret_post" },
      "invalid_client_metadata",
      { tokenEndpointAuthMethods: ["client_secret_basic"] },
    ],
    [
      "a public client with client_credentials",
      { token_endpoint_auth_method: "none" },
      "invalid_client_metadata",
    ],
    ["the implicit response type", { response_types: ["token"] }, "invalid_client_metadata"],
    [
      "response_types code without authorization_code",
      { grant_types: ["client_credentials"], redirect_uris: [], response_types: ["code"] },
      "invalid_client_metadata",
    ],
    ["grant_types that is not a list", { grant_types: "client_credentials" }, "invalid_client_metadata"],
    [
      "a jwks_uri (the key manager fetches no caller-chosen URL)",
      { jwks_uri: "http://169.254.169.254/keys" },
      "invalid_client_metadata",
    ],
    [
      "private_key_jwt without keys",
      { token_endpoint_auth_method: "private_key_jwt" },
      "invalid_client_metadata",
    ],
    [
      "a private key in jwks",
      {
        token_endpoint_auth_method: "private_key_jwt",
        jwks: { keys: [{ kty: "EC", crv: "P-256", x: "a", y: "b", d: "c" }] },
      },
      "invalid_client_metadata",
    ],
    ["an http client_uri", { client_uri: "http://widget.example.test" }, "invalid_client_metadata"],
    ["a client_name that is not text", { client_name: { a: 1 } }, "invalid_client_metadata"],
  ];

  for (const [label, change, code, policy] of cases) {
    it(`${label}: ${code}`, async () => {
      if (policy) await setPolicy(policy);
      const { token, id } = await initialAccessToken();
      const before = await registeredClients();
      const res = await register({ ...goodMetadata, ...change }, token);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(code);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await registeredClients()).toBe(before);
      expect((await p.db.initialAccessToken.findUniqueOrThrow({ where: { id } })).remainingUses).toBe(1);
    });
  }

  it("a body that is not a JSON object: invalid_client_metadata", async () => {
    const { token } = await initialAccessToken();
    for (const [body, type] of [
      ["{not json", "application/json"],
      ["[1,2]", "application/json"],
      ["redirect_uris=https://x", "application/x-www-form-urlencoded"],
      [`{"a":${"[".repeat(40)}${"]".repeat(40)}}`, "application/json"],
    ] as const) {
      const res = await register(body, token, type);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_client_metadata");
    }
  });
});

describe("initial access tokens", () => {
  it("are required unless the policy says otherwise: 401 invalid_token without, or with an unknown, expired, revoked or spent one", async () => {
    const expired = await initialAccessToken({ expiresInMs: -1000 });
    const revoked = await initialAccessToken({ revoked: true });
    const spent = await initialAccessToken({ uses: 0 });
    const before = await registeredClients();
    for (const token of [undefined, randomToken(32), expired.token, revoked.token, spent.token]) {
      const res = await register(goodMetadata, token);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("invalid_token");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
    expect(await registeredClients()).toBe(before);
    await setPolicy({ requireInitialAccessToken: false });
    expect((await register(goodMetadata)).status).toBe(201);
  });

  it("a single-use token raced by ten registrations registers exactly one client", async () => {
    const { token, id } = await initialAccessToken({ uses: 1 });
    const before = await registeredClients();
    const results = await Promise.all(Array.from({ length: 10 }, () => register(goodMetadata, token)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(9);
    expect(await registeredClients()).toBe(before + 1);
    expect(await p.db.initialAccessToken.findUniqueOrThrow({ where: { id } })).toMatchObject({
      usedCount: 1,
      remainingUses: 0,
    });
  });

  it("a token with no use limit registers several clients until it expires", async () => {
    const { token } = await initialAccessToken({ uses: null });
    expect((await register(goodMetadata, token)).status).toBe(201);
    expect((await register(goodMetadata, token)).status).toBe(201);
  });
});

describe("software statements", () => {
  const statement = (claims: Record<string, unknown>, key = statementKey, kid = "authority-1") =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid })
      .setIssuer(STATEMENT_ISSUER)
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(key);

  beforeEach(async () =>
    setPolicy({
      requireSoftwareStatement: true,
      softwareStatementJwks: { keys: [statementJwk] },
      softwareStatementIssuer: STATEMENT_ISSUER,
    }),
  );

  it("registers with a statement whose claims win over the fields beside it", async () => {
    const { token } = await initialAccessToken();
    const res = await register(
      {
        ...goodMetadata,
        client_name: "Self-described",
        software_statement: await statement({
          software_id: "weather-4711",
          client_name: "Vouched weather",
          redirect_uris: ["https://vouched.example.test/cb"],
        }),
      },
      token,
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      client_name: "Vouched weather",
      software_id: "weather-4711",
      redirect_uris: ["https://vouched.example.test/cb"],
    });
    const audit = await p.db.auditEvent.findFirstOrThrow({
      where: { action: "client.register" },
      orderBy: { at: "desc" },
    });
    expect(audit.details).toMatchObject({
      softwareId: "weather-4711",
      softwareStatementIssuer: STATEMENT_ISSUER,
    });
  });

  it("refuses a missing, foreign-signed, expired, other-issuer or malformed statement with invalid_software_statement", async () => {
    const expiredStatement = await new SignJWT({ software_id: "x" })
      .setProtectedHeader({ alg: "ES256", kid: "authority-1" })
      .setIssuer(STATEMENT_ISSUER)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(statementKey);
    const otherIssuer = await new SignJWT({ software_id: "x" })
      .setProtectedHeader({ alg: "ES256", kid: "authority-1" })
      .setIssuer("https://someone-else.example.test")
      .setExpirationTime("10m")
      .sign(statementKey);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(`{"iss":"${STATEMENT_ISSUER}"}`).toString("base64url")}.`;
    const { token, id } = await initialAccessToken();
    const before = await registeredClients();
    for (const software_statement of [
      undefined,
      await statement({ software_id: "x" }, strangerKey),
      await statement({ software_id: "x" }, strangerKey, "unknown-kid"),
      expiredStatement,
      otherIssuer,
      unsigned,
      "not-a-jwt",
      42,
    ]) {
      const res = await register({ ...goodMetadata, software_statement }, token);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_software_statement");
    }
    expect(await registeredClients()).toBe(before);
    expect((await p.db.initialAccessToken.findUniqueOrThrow({ where: { id } })).remainingUses).toBe(1);
  });

  it("refuses every statement while no keys are configured, even where statements are optional", async () => {
    await setPolicy({ requireSoftwareStatement: false });
    const { token } = await initialAccessToken({ uses: 2 });
    const res = await register(
      { ...goodMetadata, software_statement: await statement({ software_id: "x" }) },
      token,
    );
    expect(res.body.error).toBe("invalid_software_statement");
    expect((await register(goodMetadata, token)).status).toBe(201);
  });
});

describe("RFC 7592 management with the registration access token", () => {
  async function registerClient(metadata: Record<string, unknown> = goodMetadata) {
    const { token } = await initialAccessToken();
    const res = await register(metadata, token);
    expect(res.status).toBe(201);
    return res.body as Record<string, string> & {
      client_id: string;
      client_secret: string;
      registration_client_uri: string;
      registration_access_token: string;
    };
  }

  it("reads the registration without its secret", async () => {
    const client = await registerClient();
    const read = await manage("GET", client.registration_client_uri, client.registration_access_token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      client_id: client.client_id,
      client_name: "Weather widget",
      redirect_uris: goodMetadata.redirect_uris,
      grant_types: goodMetadata.grant_types,
    });
    expect(read.body).not.toHaveProperty("client_secret");
    expect(read.body).not.toHaveProperty("registration_access_token");
  });

  it("replaces the metadata: fields left out go back to their defaults, and the policy still applies", async () => {
    const client = await registerClient({ ...goodMetadata, client_uri: "https://widget.example.test" });
    const updated = await manage("PUT", client.registration_client_uri, client.registration_access_token, {
      client_id: client.client_id,
      client_name: "Renamed widget",
      redirect_uris: ["https://widget.example.test/new"],
      grant_types: ["authorization_code"],
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      client_name: "Renamed widget",
      redirect_uris: ["https://widget.example.test/new"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    });
    expect(updated.body).not.toHaveProperty("client_uri");
    // the client can no longer use the grant it gave up
    const cc = await p.token(
      { grant_type: "client_credentials" },
      { clientId: client.client_id, secret: client.client_secret as string },
    );
    expect(cc.body.error).toBe("unauthorized_client");
    const bad = await manage("PUT", client.registration_client_uri, client.registration_access_token, {
      client_id: client.client_id,
      redirect_uris: ["http://widget.example.test/cb"],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_redirect_uri");
    const unnamed = await manage("PUT", client.registration_client_uri, client.registration_access_token, {
      redirect_uris: ["https://widget.example.test/cb"],
    });
    expect(unnamed.body.error).toBe("invalid_client_metadata");
    const wrongSecret = await manage(
      "PUT",
      client.registration_client_uri,
      client.registration_access_token,
      {
        client_id: client.client_id,
        client_secret: "chosen-by-the-caller",
        redirect_uris: ["https://widget.example.test/cb"],
      },
    );
    expect(wrongSecret.body.error).toBe("invalid_client_metadata");
    const read = await manage("GET", client.registration_client_uri, client.registration_access_token);
    expect(read.body.redirect_uris).toEqual(["https://widget.example.test/new"]);
  });

  it("deletes the client: its tokens are revoked, its secret and registration token stop working", async () => {
    const client = await registerClient();
    const issued = await p.token(
      { grant_type: "client_credentials" },
      { clientId: client.client_id, secret: client.client_secret as string },
    );
    expect(issued.status).toBe(200);
    const gone = await manage("DELETE", client.registration_client_uri, client.registration_access_token);
    expect(gone.status).toBe(204);
    const row = await p.db.oAuthClient.findUniqueOrThrow({ where: { clientId: client.client_id } });
    const tokens = await p.db.accessToken.findMany({ where: { clientId: row.id } });
    expect(tokens.length).toBeGreaterThan(0);
    for (const t of tokens) expect(t.revokedAt).not.toBeNull();
    const after = await p.token(
      { grant_type: "client_credentials" },
      { clientId: client.client_id, secret: client.client_secret as string },
    );
    expect(after.status).toBe(401);
    expect(after.body.error).toBe("invalid_client");
    expect(
      (await manage("GET", client.registration_client_uri, client.registration_access_token)).status,
    ).toBe(401);
  });

  it("one client's registration token cannot read, change or delete another client", async () => {
    const mine = await registerClient();
    const theirs = await registerClient();
    const before = await p.db.oAuthClient.findUniqueOrThrow({ where: { clientId: theirs.client_id } });
    for (const [method, body] of [
      ["GET", undefined],
      ["PUT", { client_id: theirs.client_id, redirect_uris: ["https://attacker.example.test/cb"] }],
      ["DELETE", undefined],
    ] as const) {
      const res = await manage(method, theirs.registration_client_uri, mine.registration_access_token, body);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe("invalid_token");
      expect(JSON.stringify(res.body)).not.toContain("Weather");
    }
    // nor can an initial access token, or no token at all
    const { token } = await initialAccessToken();
    expect((await manage("GET", theirs.registration_client_uri, token)).status).toBe(401);
    expect((await manage("GET", theirs.registration_client_uri, undefined)).status).toBe(401);
    expect(await p.db.oAuthClient.findUniqueOrThrow({ where: { clientId: theirs.client_id } })).toEqual(
      before,
    );
    // and a client registered by an admin (no registration token) is out of reach
    expect(
      (
        await manage(
          "GET",
          `${p.km.url}/oauth2/register/${p.client.clientId}`,
          mine.registration_access_token,
        )
      ).status,
    ).toBe(401);
  });
});
