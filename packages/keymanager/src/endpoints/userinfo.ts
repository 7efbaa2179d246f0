// GET|POST /oauth2/userinfo (OpenID Connect Core 5.3): claims about the token's user, for
// tokens that carry `openid`. Errors follow RFC 6750 3.1 (WWW-Authenticate).
import { bearerChallenge } from "@portico/tokens";
import { InsufficientScope, InvalidRequest, InvalidToken } from "../errors";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { findAccessToken } from "../tokens/find-token";
import { userClaims } from "../tokens/issue-id-token";

async function bearerToken(ex: Exchange): Promise<string> {
  const header = ex.header("authorization");
  const match = header?.match(/^Bearer\s+([A-Za-z0-9\-._~+/]+=*)\s*$/i);
  if (match) return match[1] as string;
  if (header) throw new InvalidToken("malformed Authorization header");
  if (ex.method === "POST") {
    const token = (await ex.form()).get("access_token");
    if (token) return token;
  }
  const error = new InvalidRequest("a bearer token is required", 401);
  error.headers["WWW-Authenticate"] = bearerChallenge({ realm: "portico" });
  throw error;
}

export async function userinfoEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  const token = await bearerToken(ex);
  const row = await findAccessToken(km, token);
  if (!row || row.revokedAt || row.expiresAt <= km.now())
    throw new InvalidToken("the access token is invalid, expired or revoked");
  if (!row.user || row.user.disabled) throw new InvalidToken("the access token has no user");
  const scope = row.scope.split(" ");
  if (!scope.includes("openid")) throw new InsufficientScope("openid");
  ex.json(200, userClaims(row.user, scope));
}
