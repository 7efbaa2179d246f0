import { calculateJwkThumbprint, type JWK } from "jose";
import { z } from "zod";
import type { OperationContext } from "../../context";
import { AppError, parseInput } from "../../errors";
import { generateToken } from "./generate-token";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "k", "oth"];

/** A public JWK of a kind DPoP proofs may be signed with (EC, RSA, OKP); never a private one. */
const publicJwk = z
  .object({
    kty: z.enum(["EC", "RSA", "OKP"]),
    crv: z.string().max(20).optional(),
    x: z.string().max(200).optional(),
    y: z.string().max(200).optional(),
    n: z.string().max(2000).optional(),
    e: z.string().max(20).optional(),
  })
  .catchall(z.unknown())
  .refine((jwk) => !PRIVATE_MEMBERS.some((m) => m in jwk), "send the public key only (no private members)")
  .refine(
    (jwk) =>
      jwk.kty === "RSA" ? Boolean(jwk.n && jwk.e) : Boolean(jwk.crv && jwk.x && (jwk.kty === "OKP" || jwk.y)),
    "the key lacks its public members",
  );

export const generateDpopBoundTokenInput = z
  .object({
    keyType: z.enum(["PRODUCTION", "SANDBOX"]),
    scopes: z.array(z.string().min(1)).max(100).default([]),
    validityPeriod: z.number().int().positive("must be a positive number of seconds").optional(),
    /** the developer's DPoP public key; its private half never leaves the developer */
    jwk: publicJwk,
  })
  .strict();

/**
 * Generates an access token bound to the developer's own DPoP key (RFC 9449 `cnf.jkt`), with the
 * same checks as a bearer token (keys, scopes, validity). Only the public JWK is sent: the portal
 * cannot make proofs, so the developer's client does, as the returned examples show.
 */
export async function generateDpopBoundToken(ctx: OperationContext, appId: string, body: unknown) {
  const { jwk, ...request } = parseInput(generateDpopBoundTokenInput, body);
  const members = Object.fromEntries(
    Object.entries(jwk).filter(([k]) => ["kty", "crv", "x", "y", "n", "e"].includes(k)),
  ) as JWK;
  let jkt: string;
  try {
    jkt = await calculateJwkThumbprint(members, "sha256");
  } catch {
    throw new AppError("VALIDATION_FAILED", "the JWK is not a usable public key", {
      fields: [{ field: "jwk", message: "not a usable public key" }],
    });
  }
  const issue = ctx.issueApplicationToken;
  // generateToken checks ownership, keys, scopes and validity first, then issues through this
  const bound: OperationContext = issue
    ? { ...ctx, issueApplicationToken: (input) => issue({ ...input, dpopJkt: jkt }) }
    : ctx;
  const token = await generateToken(bound, appId, request);
  return { ...token, dpopJkt: jkt, examples: dpopExamples(ctx.gatewayUrl) };
}

/** Copyable examples of calling an API with the token: curl (with a proof made by any DPoP tool) and openid-client. */
function dpopExamples(gatewayUrl: string) {
  const url = `${gatewayUrl}/<context>/<version>/<resource>`;
  return {
    curl: [
      "# make a fresh proof for each call: typ dpop+jwt, your public jwk in the header,",
      "# claims jti, htm, htu (the URL without query), iat, ath = base64url(SHA-256(token))",
      `curl -H "Authorization: DPoP $ACCESS_TOKEN" -H "DPoP: $PROOF" "${url}"`,
    ].join("\n"),
    openidClient: [
      'import * as client from "openid-client";',
      "// keyPair: the CryptoKeyPair whose public JWK you gave the developer portal",
      "const DPoP = client.getDPoPHandle(config, keyPair);",
      `const response = await client.fetchProtectedResource(config, accessToken, new URL("${url}"), "GET", undefined, undefined, { DPoP });`,
    ].join("\n"),
  };
}
