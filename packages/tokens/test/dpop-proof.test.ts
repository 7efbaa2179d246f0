import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { accessTokenHash, DpopProofError, verifyDpopProof } from "../src/index";

const URL_ = "https://gw.example.test/pizza/1.0.0/menu";
const NOW = 1_800_000_000_000;

async function keyPair() {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

async function proof(
  key: Awaited<ReturnType<typeof keyPair>>,
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
) {
  return new SignJWT({ jti: crypto.randomUUID(), htm: "GET", htu: URL_, iat: NOW / 1000, ...claims })
    .setProtectedHeader({ alg: "ES256", typ: "dpop+jwt", jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

async function code(p: Promise<unknown>) {
  try {
    await p;
    return "accepted";
  } catch (e) {
    return e instanceof DpopProofError ? e.code : String(e);
  }
}

describe("verifyDpopProof (RFC 9449 4.3)", () => {
  it("accepts a proof for the request and returns the key's thumbprint", async () => {
    const key = await keyPair();
    const token = "tok";
    const got = await verifyDpopProof(await proof(key, { ath: accessTokenHash(token) }), {
      method: "get",
      url: `${URL_}?q=1#x`,
      now: NOW,
      accessToken: token,
    });
    expect(got.jkt).toBe(await calculateJwkThumbprint(key.jwk, "sha256"));
  });

  it("refuses proofs for another method, URL, time, token or without the nonce", async () => {
    const key = await keyPair();
    const at = { now: NOW, method: "GET", url: URL_ };
    expect(await code(verifyDpopProof(await proof(key, { htm: "POST" }), at))).toBe("ERR_DPOP_METHOD");
    expect(await code(verifyDpopProof(await proof(key, { htu: `${URL_}x` }), at))).toBe("ERR_DPOP_URL");
    expect(await code(verifyDpopProof(await proof(key, { iat: NOW / 1000 - 301 }), at))).toBe("ERR_DPOP_IAT");
    expect(await code(verifyDpopProof(await proof(key, { iat: NOW / 1000 + 61 }), at))).toBe("ERR_DPOP_IAT");
    expect(
      await code(
        verifyDpopProof(await proof(key, { ath: accessTokenHash("other") }), { ...at, accessToken: "t" }),
      ),
    ).toBe("ERR_DPOP_ATH");
    expect(await code(verifyDpopProof(await proof(key, {}), { ...at, acceptNonce: (n) => n === "n1" }))).toBe(
      "ERR_DPOP_NONCE",
    );
  });

  it("refuses a proof signed by another key than its jwk, a private jwk, a symmetric alg or the wrong typ", async () => {
    const key = await keyPair();
    const other = await keyPair();
    const at = { now: NOW, method: "GET", url: URL_ };
    expect(await code(verifyDpopProof(await proof(key, {}, { jwk: other.jwk }), at))).toBe(
      "ERR_DPOP_SIGNATURE",
    );
    const priv = await exportJWK(key.privateKey);
    expect(await code(verifyDpopProof(await proof(key, {}, { jwk: priv }), at))).toBe("ERR_DPOP_MALFORMED");
    expect(await code(verifyDpopProof(await proof(key, {}, { typ: "JWT" }), at))).toBe("ERR_DPOP_MALFORMED");
    const hs = await new SignJWT({ jti: "j", htm: "GET", htu: URL_, iat: NOW / 1000 })
      .setProtectedHeader({ alg: "HS256", typ: "dpop+jwt", jwk: key.jwk })
      .sign(new Uint8Array(32));
    expect(await code(verifyDpopProof(hs, at))).toBe("ERR_DPOP_MALFORMED");
    expect(await code(verifyDpopProof("not-a-jwt", at))).toBe("ERR_DPOP_MALFORMED");
  });
});
