import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { AccessTokenError, looksLikeJwt, opaqueTokenHash, verifyJwtAccessToken } from "../src/index";

const issuer = "https://localhost:9443";
const audience = "https://localhost:8243";

async function setup() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  const jwks = createLocalJWKSet({ keys: [jwk] });
  const sign = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    new SignJWT({ client_id: "c1", scope: "a b", ...claims })
      .setProtectedHeader({ alg: "ES256", typ: "at+jwt", kid: "k1", ...header })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject("u1")
      .setJti(crypto.randomUUID())
      .setIssuedAt()
      .setExpirationTime((claims.exp as number | undefined) ?? "5m")
      .sign(privateKey);
  return { jwks, sign };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "accepted";
  } catch (e) {
    return e instanceof AccessTokenError ? e.code : `other: ${String(e)}`;
  }
}

describe("JWT access tokens", () => {
  it("accepts a well-formed RFC 9068 token", async () => {
    const { jwks, sign } = await setup();
    const claims = await verifyJwtAccessToken(await sign({}), jwks, { issuer, audience });
    expect(claims).toMatchObject({ iss: issuer, sub: "u1", client_id: "c1", scope: "a b" });
  });

  it("refuses the wrong typ, issuer, audience, an expired token, and alg none", async () => {
    const { jwks, sign } = await setup();
    expect(
      await codeOf(verifyJwtAccessToken(await sign({}, { typ: "JWT" }), jwks, { issuer, audience })),
    ).toBe("ERR_TOKEN_CLAIMS");
    expect(
      await codeOf(verifyJwtAccessToken(await sign({}), jwks, { issuer: "https://evil", audience })),
    ).toBe("ERR_TOKEN_CLAIMS");
    expect(
      await codeOf(verifyJwtAccessToken(await sign({}), jwks, { issuer, audience: "https://other" })),
    ).toBe("ERR_TOKEN_CLAIMS");
    const old = await sign({ exp: Math.floor(Date.now() / 1000) - 10 });
    expect(await codeOf(verifyJwtAccessToken(old, jwks, { issuer, audience }))).toBe("ERR_TOKEN_EXPIRED");
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url");
    const body = Buffer.from(JSON.stringify({ iss: issuer, aud: audience, sub: "u", exp: 9e9 })).toString(
      "base64url",
    );
    expect(await codeOf(verifyJwtAccessToken(`${header}.${body}.`, jwks, { issuer, audience }))).not.toBe(
      "accepted",
    );
  });

  it("refuses a token signed by a key not in the set", async () => {
    const { jwks } = await setup();
    const other = await setup();
    expect(await codeOf(verifyJwtAccessToken(await other.sign({}), jwks, { issuer, audience }))).toBe(
      "ERR_TOKEN_SIGNATURE",
    );
  });

  it("tells JWTs from opaque tokens and hashes opaque ones", () => {
    expect(looksLikeJwt("a.b.c")).toBe(true);
    expect(looksLikeJwt("opaqueTokenValue_123")).toBe(false);
    expect(opaqueTokenHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
