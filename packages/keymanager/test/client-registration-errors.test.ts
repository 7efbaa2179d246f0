// RFC 7591 3.2.2: each kind of bad metadata gets its error code, creates nothing and does not
// spend the initial access token.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { goodMetadata, type RegistrationPlatform, startRegistrationPlatform } from "./registration-fixture";

let r: RegistrationPlatform;
beforeAll(async () => {
  r = await startRegistrationPlatform();
});
afterAll(async () => r.p.close());
beforeEach(async () => r.setPolicy({}));

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
      if (policy) await r.setPolicy(policy);
      const { token, id } = await r.initialAccessToken();
      const before = await r.registeredClients();
      const res = await r.register({ ...goodMetadata, ...change }, token);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(code);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await r.registeredClients()).toBe(before);
      expect((await r.p.db.initialAccessToken.findUniqueOrThrow({ where: { id } })).remainingUses).toBe(1);
    });
  }

  it("a body that is not a JSON object: invalid_client_metadata", async () => {
    const { token } = await r.initialAccessToken();
    for (const [body, type] of [
      ["{not json", "application/json"],
      ["[1,2]", "application/json"],
      ["redirect_uris=https://x", "application/x-www-form-urlencoded"],
      [`{"a":${"[".repeat(40)}${"]".repeat(40)}}`, "application/json"],
    ] as const) {
      const res = await r.register(body, token, type);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe("invalid_client_metadata");
    }
  });
});
