// The one place a grant's outcome becomes a token response (RFC 6749 5.1): access token,
// refresh token when the client may refresh, ID token for `openid`.
import type { User } from "@portico/db";
import type { TokenConfirmation } from "@portico/tokens";
import type { ClientRecord } from "../clients/find-client";
import { isPublicClient, stringList } from "../clients/find-client";
import type { Params } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { issueAccessToken } from "./issue-access-token";
import { issueIdToken } from "./issue-id-token";
import { createRefreshFamily, issueRefreshToken, mayRefresh } from "./refresh-tokens";
import { resolveValidity } from "./resolve-validity";

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer" | "DPoP";
  expires_in: number;
  scope: string;
  refresh_token?: string;
  id_token?: string;
  issued_token_type?: string;
}

type TokenUserRecord = Pick<User, "id" | "username" | "displayName" | "email" | "updatedAt">;

export interface IssueTokensInput {
  km: KeyManager;
  params: Params;
  client: ClientRecord;
  grantType: string;
  user: TokenUserRecord | null;
  roles: string[];
  scope: string[];
  authTime?: Date | null;
  authCodeId?: string;
  /** an existing family (refresh_token grant); a new one is made when refresh is wanted */
  refreshFamilyId?: string;
  /** whether to issue a refresh token at all */
  refresh: boolean;
  idToken?: { nonce?: string | null; sid?: string | null };
  act?: Record<string, unknown>;
  /** RFC 8693: the access token exchanged from (its row id); the new token is revoked with it */
  subjectTokenId?: string;
  /** a lifetime the token may not exceed whatever was asked (the subject token's remaining life) */
  maxValiditySeconds?: number;
  /** RFC 9449 / RFC 8705: what the access token is bound to (`cnf`); the grant context's `binding` */
  binding?: TokenConfirmation | undefined;
}

export async function issueTokenResponse(input: IssueTokensInput): Promise<TokenResponse> {
  const { km, client, user } = input;
  const validitySeconds = Math.min(
    await resolveValidity(km, input.params, client, user !== null),
    input.maxValiditySeconds ?? Number.POSITIVE_INFINITY,
  );
  let familyId = input.refreshFamilyId;
  const refresh = input.refresh && (await mayRefresh(km, stringList(client.grantTypes)));
  if (refresh && !familyId) {
    familyId = await createRefreshFamily(km, {
      client,
      userId: user?.id ?? null,
      scope: input.scope,
      authTime: input.authTime ?? null,
      // RFC 9449 5: a public client's refresh tokens are bound to its DPoP key
      dpopJkt: isPublicClient(client) ? (input.binding?.jkt ?? null) : null,
      // RFC 8705 4: and to the client certificate the token request came with
      certThumbprint: isPublicClient(client) ? (input.binding?.["x5t#S256"] ?? null) : null,
    });
  }
  const access = await issueAccessToken(km, {
    client,
    user,
    roles: input.roles,
    scope: input.scope,
    grantType: input.grantType,
    validitySeconds,
    authCodeId: input.authCodeId,
    refreshFamilyId: familyId,
    subjectTokenId: input.subjectTokenId,
    authTime: input.authTime,
    act: input.act,
    binding: input.binding,
  });
  const response: TokenResponse = {
    access_token: access.token,
    token_type: input.binding?.jkt ? "DPoP" : "Bearer",
    expires_in: access.expiresIn,
    scope: input.scope.join(" "),
  };
  if (refresh && familyId) {
    response.refresh_token = await issueRefreshToken(km, { client, familyId, scope: input.scope });
  }
  if (user && input.idToken && input.scope.includes("openid")) {
    response.id_token = await issueIdToken(km, {
      clientId: client.clientId,
      user,
      scope: input.scope,
      accessToken: access.token,
      authTime: input.authTime ?? null,
      nonce: input.idToken.nonce,
      sid: input.idToken.sid,
    });
  }
  return response;
}
