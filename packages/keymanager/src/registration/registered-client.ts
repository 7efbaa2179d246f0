// How a dynamically registered client is stored and shown: RFC 7591 3.2.1 (the registration
// response) and RFC 7592 3 (the read and update responses share its shape, without secrets).
import { hashSecret, randomToken, sha256Hex } from "@portico/crypto";
import type { Prisma } from "@portico/db";
import type { JSONWebKeySet } from "jose";
import type { ClientRecord } from "../clients/find-client";
import { stringList } from "../clients/find-client";
import type { KeyManager } from "../key-manager";
import type { ClientMetadata } from "./client-metadata";

/** RFC 7592 1: the URL where the client manages its registration. */
export function registrationClientUri(km: KeyManager, clientId: string): string {
  return `${km.issuer}/oauth2/register/${encodeURIComponent(clientId)}`;
}

/** OAuthClient columns for the checked metadata. */
export function clientColumns(metadata: ClientMetadata) {
  return {
    name: metadata.clientName || "registered client",
    grantTypes: metadata.grantTypes,
    redirectUris: metadata.redirectUris,
    postLogoutRedirectUris: metadata.postLogoutRedirectUris,
    tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
    jwks: (metadata.jwks ?? undefined) as Prisma.InputJsonValue | undefined,
    pkceRequired: metadata.tokenEndpointAuthMethod === "none",
    registrationMetadata: { client_name: metadata.clientName, ...metadata.descriptive },
  };
}

/** A new client secret for secret-based methods: the secret (shown once) and its stored form. */
export async function newClientSecret(method: string) {
  if (!method.startsWith("client_secret")) return undefined;
  const secret = randomToken(32);
  return { secret, row: { secretHash: await hashSecret(secret), hint: secret.slice(-4) } };
}

/** A new registration access token and the hash that is stored. */
export function newRegistrationToken() {
  const token = randomToken(32);
  return { token, hash: sha256Hex(token) };
}

type StoredClient = Pick<
  ClientRecord,
  | "clientId"
  | "createdAt"
  | "grantTypes"
  | "redirectUris"
  | "postLogoutRedirectUris"
  | "tokenEndpointAuthMethod"
  | "jwks"
  | "registrationMetadata"
>;

/** The client's registered metadata as RFC 7591 names it. */
export function registrationView(km: KeyManager, client: StoredClient): Record<string, unknown> {
  const grantTypes = stringList(client.grantTypes);
  const descriptive =
    client.registrationMetadata && typeof client.registrationMetadata === "object"
      ? (client.registrationMetadata as Record<string, unknown>)
      : {};
  const postLogout = stringList(client.postLogoutRedirectUris);
  return {
    client_id: client.clientId,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    ...descriptive,
    redirect_uris: stringList(client.redirectUris),
    ...(postLogout.length ? { post_logout_redirect_uris: postLogout } : {}),
    grant_types: grantTypes,
    response_types: grantTypes.includes("authorization_code") ? ["code"] : [],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    ...(client.jwks ? { jwks: client.jwks as unknown as JSONWebKeySet } : {}),
    registration_client_uri: registrationClientUri(km, client.clientId),
  };
}
