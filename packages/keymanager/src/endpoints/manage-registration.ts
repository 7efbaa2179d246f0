// RFC 7592: the client configuration endpoint, `/oauth2/register/{client_id}`. The registration
// access token of the client named in the path reads (GET), replaces (PUT) or deletes (DELETE)
// its registration. Any other token, one of another client included, is 401 invalid_token and
// tells nothing about the client in the path (RFC 7592 2.1).
import { sha256Hex, verifySecret } from "@portico/crypto";
import { revokeAccessTokensWhere, revokeRefreshFamilies } from "@portico/issuer-admin";
import { stringList } from "../clients/find-client";
import { InvalidClientMetadata, InvalidToken } from "../errors";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { checkClientMetadata } from "../registration/client-metadata";
import { bearerToken } from "../registration/initial-access-token";
import { clientColumns, newClientSecret, registrationView } from "../registration/registered-client";
import { applySoftwareStatement } from "../registration/software-statement";
import { checkRegistrationEnabled } from "./register";

export const REGISTRATION_PATH_PREFIX = "/oauth2/register/";

/** The client the path names, when the request's registration access token is that client's. */
async function authenticateRegistration(km: KeyManager, ex: Exchange) {
  const token = bearerToken(ex);
  if (!token) throw new InvalidToken("a registration access token is required (Authorization: Bearer)");
  let clientId: string;
  try {
    clientId = decodeURIComponent(ex.url.pathname.slice(REGISTRATION_PATH_PREFIX.length));
  } catch {
    throw new InvalidToken("the registration access token is not valid for this client");
  }
  const client = await km.db.oAuthClient.findUnique({
    where: { registrationTokenHash: sha256Hex(token) },
    include: { secrets: { where: { revokedAt: null } } },
  });
  if (!client || client.revokedAt || client.clientId !== clientId || client.keyManagerId !== km.keyManagerId)
    throw new InvalidToken("the registration access token is not valid for this client");
  return client;
}

type RegisteredClient = Awaited<ReturnType<typeof authenticateRegistration>>;

function audit(km: KeyManager, ex: Exchange, action: string, client: RegisteredClient, details: object = {}) {
  return km.db.auditEvent.create({
    data: {
      action,
      targetType: "oauth_client",
      targetId: client.id,
      ip: ex.sourceAddress,
      details: { clientId: client.clientId, ...details },
    },
  });
}

/** RFC 7592 2.2: a client_secret in the body must be the current one; it never sets a new one. */
async function checkPresentedSecret(client: RegisteredClient, presented: unknown): Promise<void> {
  if (presented === undefined) return;
  const now = Date.now();
  const active = client.secrets.filter((s) => !s.expiresAt || s.expiresAt.getTime() > now);
  for (const s of active)
    if (typeof presented === "string" && (await verifySecret(presented, s.secretHash))) return;
  throw new InvalidClientMetadata("client_secret does not match the client's current secret");
}

async function readRegistration(km: KeyManager, ex: Exchange, client: RegisteredClient) {
  ex.json(200, registrationView(km, client));
}

/** RFC 7592 2.2: the body is the client's whole metadata; a field left out goes back to its default. */
async function updateRegistration(km: KeyManager, ex: Exchange, client: RegisteredClient) {
  const policy = await checkRegistrationEnabled(km);
  const request = await ex.jsonObject((d) => new InvalidClientMetadata(d));
  if (request.client_id !== client.clientId)
    throw new InvalidClientMetadata("client_id must be sent and be this client's");
  const { client_id: _id, client_secret: presentedSecret, ...rest } = request;
  for (const field of [
    "registration_access_token",
    "registration_client_uri",
    "client_id_issued_at",
    "client_secret_expires_at",
  ])
    delete rest[field];
  await checkPresentedSecret(client, presentedSecret);
  const { metadata: requested } = await applySoftwareStatement(km, rest, policy);
  const metadata = await checkClientMetadata(km, requested, policy);
  const usesSecret = metadata.tokenEndpointAuthMethod.startsWith("client_secret");
  // a client moving to a secret method without a secret gets one (shown once); moving away revokes them
  const secret =
    usesSecret && client.secrets.length === 0
      ? await newClientSecret(metadata.tokenEndpointAuthMethod)
      : undefined;
  const updated = await km.db.$transaction(async (tx) => {
    if (!usesSecret)
      await tx.clientSecret.updateMany({
        where: { clientId: client.id, revokedAt: null },
        data: { revokedAt: km.now() },
      });
    return tx.oAuthClient.update({
      where: { id: client.id },
      data: {
        ...clientColumns(metadata),
        secrets: secret ? { create: [secret.row] } : undefined,
      },
    });
  });
  // keys left out of the new metadata are unregistered (a JSON null is not a column null in Prisma)
  if (!metadata.jwks && client.jwks)
    await km.db.$executeRaw`UPDATE "OAuthClient" SET "jwks" = NULL WHERE "id" = ${client.id}`;
  km.cache.clients.delete(client.clientId);
  const before = stringList(client.grantTypes);
  await audit(km, ex, "client.registration.update", client, {
    grantTypes: metadata.grantTypes,
    grantTypesRemoved: before.filter((g) => !metadata.grantTypes.includes(g)),
    tokenEndpointAuthMethod: metadata.tokenEndpointAuthMethod,
  });
  ex.json(200, {
    ...registrationView(km, { ...updated, jwks: (metadata.jwks ?? null) as typeof updated.jwks }),
    ...(secret ? { client_secret: secret.secret, client_secret_expires_at: 0 } : {}),
  });
}

/** RFC 7592 2.3: the client is gone; its tokens are revoked and announced. */
async function deleteRegistration(km: KeyManager, ex: Exchange, client: RegisteredClient) {
  const now = km.now();
  await km.db.oAuthClient.update({
    where: { id: client.id },
    data: { revokedAt: now, registrationTokenHash: null },
  });
  await km.db.clientSecret.updateMany({
    where: { clientId: client.id, revokedAt: null },
    data: { revokedAt: now },
  });
  km.cache.clients.delete(client.clientId);
  const deps = { db: km.db, changes: km.changes, now: km.now };
  const families = await km.db.refreshTokenFamily.findMany({
    where: { clientId: client.id, revokedAt: null },
    select: { id: true },
  });
  await revokeRefreshFamilies(
    deps,
    families.map((f) => f.id),
  );
  await revokeAccessTokensWhere(deps, { clientId: client.id });
  await audit(km, ex, "client.registration.delete", client);
  ex.res.writeHead(204, { "cache-control": "no-store" }).end();
}

export async function clientConfigurationEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  await checkRegistrationEnabled(km);
  const client = await authenticateRegistration(km, ex);
  if (ex.method === "GET") return readRegistration(km, ex, client);
  if (ex.method === "PUT") return updateRegistration(km, ex, client);
  return deleteRegistration(km, ex, client);
}
