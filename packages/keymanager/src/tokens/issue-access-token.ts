// Access tokens: RFC 9068 JWTs or opaque random strings, per application (overridden per
// client). Every token, JWT included, gets an AccessToken row so it can be revoked by jti.
import { randomUUID } from "node:crypto";
import { randomToken } from "@portico/crypto";
import {
  ACCESS_TOKEN_TYP,
  type AccessTokenClaims,
  opaqueTokenHash,
  type TokenConfirmation,
} from "@portico/tokens";
import type { ClientRecord } from "../clients/find-client";
import type { KeyManager } from "../key-manager";
import { signJwt } from "../keys/sign-jwt";

export interface TokenUser {
  id: string;
  username: string;
}

export interface AccessTokenRequest {
  client: ClientRecord;
  user: TokenUser | null;
  roles: string[];
  scope: string[];
  grantType: string;
  validitySeconds: number;
  authCodeId?: string;
  refreshFamilyId?: string;
  /** RFC 8693: the AccessToken row this one is exchanged from */
  subjectTokenId?: string;
  authTime?: Date | null;
  /** RFC 8693 4.1 actor claim */
  act?: Record<string, unknown>;
  /** RFC 7800 `cnf`: the DPoP key or client certificate the token is bound to */
  binding?: TokenConfirmation | undefined;
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  format: "JWT" | "OPAQUE";
  expiresIn: number;
}

export function tokenFormatOf(client: ClientRecord): "JWT" | "OPAQUE" {
  return client.tokenType ?? client.application?.tokenType ?? "JWT";
}

export async function issueAccessToken(
  km: KeyManager,
  request: AccessTokenRequest,
): Promise<IssuedAccessToken> {
  const { client, user } = request;
  const issuedAt = km.now();
  const iat = Math.floor(issuedAt.getTime() / 1000);
  const exp = iat + request.validitySeconds;
  const jti = randomUUID();
  const format = tokenFormatOf(client);
  const scope = request.scope.join(" ");
  let token: string;
  if (format === "JWT") {
    const claims: AccessTokenClaims = {
      iss: km.issuer,
      sub: user?.id ?? client.clientId,
      aud: km.audience,
      client_id: client.clientId,
      scope,
      jti,
      iat,
      exp,
      gty: request.grantType,
    };
    if (request.authTime) claims.auth_time = Math.floor(request.authTime.getTime() / 1000);
    if (user) {
      claims.username = user.username;
      claims.roles = request.roles;
    }
    if (client.applicationId) {
      claims.application_id = client.applicationId;
      claims.key_type = client.keyType;
    }
    if (request.act) claims.act = request.act;
    if (request.binding) claims.cnf = request.binding;
    const key = await km.keys.signingKey(km.config.accessTokenSigningAlg);
    token = signJwt({ alg: key.alg, kid: key.kid, typ: ACCESS_TOKEN_TYP }, claims, key.privateKey);
  } else {
    token = randomToken();
  }
  await km.tokenWriter.record({
    jti,
    tokenHash: format === "OPAQUE" ? opaqueTokenHash(token) : null,
    format,
    clientId: client.id,
    userId: user?.id ?? null,
    applicationId: client.applicationId,
    keyType: client.keyType,
    scope,
    grantType: request.grantType,
    authCodeId: request.authCodeId ?? null,
    refreshFamilyId: request.refreshFamilyId ?? null,
    subjectTokenId: request.subjectTokenId ?? null,
    // whole seconds, as in the JWT's iat and exp
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
    claims:
      request.act || request.binding
        ? {
            ...(request.act ? { act: request.act } : {}),
            ...(request.binding ? { cnf: request.binding } : {}),
          }
        : null,
  });
  return { token, jti, format, expiresIn: request.validitySeconds };
}
