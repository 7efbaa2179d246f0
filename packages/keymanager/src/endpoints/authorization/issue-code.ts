// RFC 6749 4.1.2: the authorization code, stored only as its SHA-256, single use, short-lived
// (TokenValiditySetting.authorizationCodeTtl), bound to the client, redirect URI, PKCE challenge,
// nonce and login session.
import { randomToken, sha256Hex } from "@portico/crypto";
import type { ClientRecord } from "../../clients/find-client";
import type { KeyManager } from "../../key-manager";
import type { LoginSessionRecord } from "../../sessions/login-session";
import type { PkceChallenge } from "./check-authorization-request";

export async function issueCode(
  km: KeyManager,
  input: {
    client: ClientRecord;
    session: LoginSessionRecord;
    redirectUri: string;
    scope: string[];
    pkce: PkceChallenge | null;
    nonce?: string;
  },
): Promise<string> {
  const code = randomToken();
  const limits = await km.settings.tokenValidity();
  const now = km.now();
  await km.db.authorizationCode.create({
    data: {
      codeHash: sha256Hex(code),
      clientId: input.client.id,
      userId: input.session.userId,
      redirectUri: input.redirectUri,
      scope: input.scope.join(" "),
      codeChallenge: input.pkce?.challenge ?? null,
      codeChallengeMethod: input.pkce?.method ?? null,
      nonce: input.nonce ?? null,
      authTime: input.session.authTime,
      sessionId: input.session.id,
      createdAt: now,
      expiresAt: new Date(now.getTime() + limits.authorizationCodeTtl * 1000),
    },
  });
  return code;
}
