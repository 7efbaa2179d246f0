// RFC 7591 3: dynamic client registration. Served only while the admin's registration policy is
// on (404 otherwise, like an unknown path). The pipeline: checkRegistrationEnabled,
// checkInitialAccessToken, readMetadata, applySoftwareStatement, checkClientMetadata, then the
// client, its secret and its registration access token are created in one transaction that also
// spends the initial access token.
import { randomToken } from "@portico/crypto";
import type { RegistrationPolicy } from "@portico/issuer-admin";
import { InvalidClientMetadata, InvalidToken, OAuthError } from "../errors";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { checkClientMetadata } from "../registration/client-metadata";
import {
  bearerToken,
  findInitialAccessToken,
  spendInitialAccessToken,
} from "../registration/initial-access-token";
import {
  clientColumns,
  newClientSecret,
  newRegistrationToken,
  registrationView,
} from "../registration/registered-client";
import { applySoftwareStatement } from "../registration/software-statement";

/** Off: the endpoint does not exist (404, as for an unknown path). */
export async function checkRegistrationEnabled(km: KeyManager): Promise<RegistrationPolicy> {
  const policy = await km.settings.registrationPolicy();
  if (!policy.enabled) throw new OAuthError("invalid_request", "no such endpoint", 404);
  return policy;
}

async function checkInitialAccessToken(km: KeyManager, ex: Exchange, policy: RegistrationPolicy) {
  const token = bearerToken(ex);
  if (!token) {
    if (policy.requireInitialAccessToken)
      throw new InvalidToken("registration needs an initial access token (Authorization: Bearer)");
    return undefined;
  }
  return findInitialAccessToken(km, token);
}

export async function registrationEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  const policy = await checkRegistrationEnabled(km);
  const initialAccessToken = await checkInitialAccessToken(km, ex, policy);
  const request = await ex.jsonObject((d) => new InvalidClientMetadata(d));
  const { metadata: requested, statement } = await applySoftwareStatement(km, request, policy);
  const metadata = await checkClientMetadata(km, requested, policy);
  const secret = await newClientSecret(metadata.tokenEndpointAuthMethod);
  const registration = newRegistrationToken();
  const now = km.now();
  const client = await km.db.$transaction(async (tx) => {
    if (initialAccessToken) await spendInitialAccessToken(tx, initialAccessToken.id, now);
    return tx.oAuthClient.create({
      data: {
        clientId: `dcr_${randomToken(16)}`,
        keyManagerId: km.keyManagerId,
        ...clientColumns(metadata),
        registrationTokenHash: registration.hash,
        secrets: secret ? { create: [secret.row] } : undefined,
      },
    });
  });
  await km.db.auditEvent.create({
    data: {
      action: "client.register",
      targetType: "oauth_client",
      targetId: client.id,
      ip: ex.sourceAddress,
      details: {
        clientId: client.clientId,
        grantTypes: metadata.grantTypes,
        tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
        initialAccessTokenId: initialAccessToken?.id ?? null,
        softwareStatementIssuer: statement?.iss ?? null,
        softwareId: statement?.softwareId ?? null,
      },
    },
  });
  ex.json(201, {
    ...registrationView(km, client),
    ...(secret ? { client_secret: secret.secret, client_secret_expires_at: 0 } : {}),
    registration_access_token: registration.token,
  });
}
