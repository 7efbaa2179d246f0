// RFC 6749 4.1.3 with PKCE (RFC 7636 4.5-4.6). A code is single use: presenting it again
// revokes what it produced (RFC 6749 4.1.2). Every refusal before that changes nothing.
import { sha256Hex } from "@portico/crypto";
import { revokeTokensOfAuthorizationCode } from "@portico/issuer-admin";
import { InvalidGrant } from "../errors";
import { rolesOfUser } from "../scopes/validate-scope";
import { issueTokenResponse } from "../tokens/issue-token-response";
import { pkceVerifierMatches } from "./pkce";
import type { GrantTypeModule } from "./registry";

export const authorizationCodeGrant: GrantTypeModule = {
  grantType: "authorization_code",
  parameters: { required: ["code", "redirect_uri"], optional: ["code_verifier", "validity_period"] },
  setting: {
    displayName: "Authorization code (with PKCE)",
    description:
      "A user signs in at the key manager and the application receives a code (RFC 6749 4.1, PKCE RFC 7636).",
    enabled: true,
  },
  async handler({ km, params, client, binding }) {
    const code = await km.db.authorizationCode.findUnique({
      where: { codeHash: sha256Hex(params.get("code") as string) },
      include: { user: true },
    });
    if (!code || code.clientId !== client.id) throw new InvalidGrant("unknown authorization code");
    const deps = { db: km.db, changes: km.changes, now: km.now };
    if (code.consumedAt) {
      await revokeTokensOfAuthorizationCode(deps, code.id);
      throw new InvalidGrant("the authorization code was already used; tokens issued from it are revoked");
    }
    if (code.expiresAt <= km.now()) throw new InvalidGrant("the authorization code has expired");
    if (code.redirectUri !== params.get("redirect_uri"))
      throw new InvalidGrant("redirect_uri does not match the authorization request");
    const verifier = params.get("code_verifier");
    if (code.codeChallenge) {
      if (!verifier) throw new InvalidGrant("code_verifier is required");
      if (!pkceVerifierMatches(code.codeChallenge, code.codeChallengeMethod ?? "plain", verifier)) {
        throw new InvalidGrant("code_verifier does not match the code_challenge");
      }
    } else if (verifier) {
      throw new InvalidGrant("code_verifier given but the authorization request had no code_challenge");
    }
    if (code.user.disabled) throw new InvalidGrant("the user is disabled");
    const spent = await km.db.authorizationCode.updateMany({
      where: { id: code.id, consumedAt: null },
      data: { consumedAt: km.now() },
    });
    if (spent.count === 0) {
      await revokeTokensOfAuthorizationCode(deps, code.id);
      throw new InvalidGrant("the authorization code was already used");
    }
    const roles = await rolesOfUser(km.db, code.userId);
    return issueTokenResponse({
      binding,
      km,
      params,
      client,
      grantType: "authorization_code",
      user: code.user,
      roles,
      scope: code.scope.split(" ").filter(Boolean),
      authTime: code.authTime,
      authCodeId: code.id,
      refresh: true,
      idToken: { nonce: code.nonce, sid: code.sessionId },
    });
  },
};
