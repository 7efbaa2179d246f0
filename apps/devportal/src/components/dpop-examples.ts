// Copyable examples for a DPoP-bound token, filled with the application's own values (the
// token, its client id, the key manager, a resource it can call) and never its secret. The
// portal holds only the public key, so every proof in them is made by the developer's key.

/** The proof algorithm that goes with a public JWK (one of dpop_signing_alg_values_supported). */
export function dpopAlgorithm(jwk: Record<string, unknown>): string {
  if (typeof jwk.alg === "string") return jwk.alg;
  if (jwk.kty === "RSA") return "PS256";
  if (jwk.kty === "OKP") return "EdDSA";
  return { "P-384": "ES384", "P-521": "ES512" }[String(jwk.crv)] ?? "ES256";
}

export interface DpopExampleInput {
  token: string;
  alg: string;
  method: string;
  url: string;
  issuer: string;
  clientId: string | null;
  scope: string;
  caFile: string | null;
}

const shellWord = (s: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * curl with a fresh proof made by Node and jose from the developer's private JWK file
 * (`dpop-private.jwk.json`): `htm`, `htu`, `iat`, `jti` and `ath`, RFC 9449 4.2.
 */
export function dpopCurlExample(e: DpopExampleInput): string {
  const proofScript = [
    'import { SignJWT, importJWK } from "jose";',
    'import { createHash, randomUUID } from "node:crypto";',
    'import { readFileSync } from "node:fs";',
    'const jwk = JSON.parse(readFileSync("dpop-private.jwk.json", "utf8"));',
    "const { d, p, q, dp, dq, qi, ...publicJwk } = jwk;",
    'const ath = createHash("sha256").update(process.env.ACCESS_TOKEN).digest("base64url");',
    "const proof = new SignJWT({ htm: process.env.METHOD, htu: process.env.URL, ath, jti: randomUUID() })",
    `  .setProtectedHeader({ typ: "dpop+jwt", alg: "${e.alg}", jwk: publicJwk })`,
    "  .setIssuedAt();",
    `console.log(await proof.sign(await importJWK(jwk, "${e.alg}")));`,
  ].join("\n");
  return [
    "# your private key stays with you: dpop-private.jwk.json is the JWK whose public part you pasted",
    `export ACCESS_TOKEN=${shellWord(e.token)}`,
    `export METHOD=${e.method} URL=${shellWord(e.url)}`,
    "# a new proof for every call (each is accepted once)",
    `PROOF=$(node --input-type=module -e '${proofScript}')`,
    [
      "curl",
      ...(e.caFile ? ["--cacert", shellWord(e.caFile)] : []),
      ...(e.method === "GET" ? [] : ["-X", e.method]),
      '-H "Authorization: DPoP $ACCESS_TOKEN" -H "DPoP: $PROOF" "$URL"',
    ].join(" "),
  ].join("\n");
}

/**
 * openid-client 6 with its `DPoP` option: the same key gets tokens of the application's own
 * (client credentials, the secret from the environment) and calls the API with fresh proofs.
 */
export function dpopOpenIdClientExample(e: DpopExampleInput): string {
  return [
    'import * as client from "openid-client";',
    "",
    `const config = await client.discovery(new URL("${e.issuer}"), "${e.clientId ?? "<consumer key>"}", process.env.CONSUMER_SECRET);`,
    `// keyPair: the CryptoKeyPair (${e.alg}) whose public JWK you pasted in the developer portal`,
    "const DPoP = client.getDPoPHandle(config, keyPair);",
    "",
    "// the token from the portal, or one of your own bound to the same key:",
    `let accessToken = "${e.token}";`,
    `// accessToken = (await client.clientCredentialsGrant(config, { scope: "${e.scope}" }, { DPoP })).access_token;`,
    "",
    "const response = await client.fetchProtectedResource(",
    "  config,",
    "  accessToken,",
    `  new URL("${e.url}"),`,
    `  "${e.method}",`,
    "  undefined,",
    "  undefined,",
    "  { DPoP },",
    ");",
    "console.log(response.status, await response.text());",
  ].join("\n");
}
