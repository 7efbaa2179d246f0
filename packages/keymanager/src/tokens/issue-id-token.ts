// OpenID Connect Core 2 and 3.1.3.6: the ID token, with nonce, at_hash, auth_time and sid.
import { createHash } from "node:crypto";
import type { User } from "@portico/db";
import type { KeyManager } from "../key-manager";
import { signJwt } from "../keys/sign-jwt";

/** OpenID Connect Core 5.4: the claims the profile and email scopes release. */
export function userClaims(
  user: Pick<User, "id" | "username" | "displayName" | "email" | "updatedAt">,
  scope: string[],
) {
  const claims: Record<string, unknown> = { sub: user.id };
  if (scope.includes("profile")) {
    claims.preferred_username = user.username;
    claims.name = user.displayName ?? user.username;
    claims.updated_at = Math.floor(user.updatedAt.getTime() / 1000);
  }
  if (scope.includes("email") && user.email) {
    claims.email = user.email;
    // addresses are set by admins, not self-asserted
    claims.email_verified = true;
  }
  return claims;
}

/** OpenID Connect Core 3.1.3.6: left half of the SHA-256 of the access token, base64url. */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash("sha256").update(accessToken, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

export async function issueIdToken(
  km: KeyManager,
  input: {
    clientId: string;
    user: Pick<User, "id" | "username" | "displayName" | "email" | "updatedAt">;
    scope: string[];
    accessToken: string;
    authTime: Date | null;
    nonce?: string | null;
    sid?: string | null;
  },
): Promise<string> {
  const limits = await km.settings.tokenValidity();
  const iat = Math.floor(km.now().getTime() / 1000);
  const claims: Record<string, unknown> = {
    iss: km.issuer,
    ...userClaims(input.user, input.scope),
    aud: input.clientId,
    azp: input.clientId,
    at_hash: accessTokenHash(input.accessToken),
  };
  if (input.authTime) claims.auth_time = Math.floor(input.authTime.getTime() / 1000);
  if (input.nonce) claims.nonce = input.nonce;
  if (input.sid) claims.sid = input.sid;
  claims.iat = iat;
  claims.exp = iat + limits.idTokenTtl;
  const key = await km.keys.signingKey(km.config.idTokenSigningAlg);
  return signJwt({ alg: key.alg, kid: key.kid, typ: "JWT" }, claims, key.privateKey);
}
