// POST /oauth2/introspect (RFC 7662). Callers authenticate as a confidential client; a client
// sees its own tokens, first-party clients (the portals) see all. Anything else is inactive.
import { jsonObject } from "@portico/db";
import type { TokenConfirmation } from "@portico/tokens";
import { authenticateClient } from "../clients/authenticate-client";
import { presentedCertificate } from "../clients/client-certificate";
import type { ClientRecord } from "../clients/find-client";
import { InvalidRequest } from "../errors";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { type FoundToken, findToken } from "../tokens/find-token";

function mayIntrospect(caller: ClientRecord, ownerId: string): boolean {
  return caller.id === ownerId || caller.firstParty;
}

function describe(km: KeyManager, found: FoundToken, caller: ClientRecord): Record<string, unknown> {
  const now = km.now();
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  if (found.kind === "access_token") {
    const t = found.row;
    const active =
      !t.revokedAt &&
      t.expiresAt > now &&
      !t.client.revokedAt &&
      !t.user?.disabled &&
      !t.application?.owner.disabled &&
      mayIntrospect(caller, t.clientId);
    if (!active) return { active: false };
    const claims = jsonObject(t.claims);
    const cnf = claims.cnf as TokenConfirmation | undefined;
    return {
      active: true,
      scope: t.scope,
      client_id: t.client.clientId,
      username: t.user?.username,
      token_type: "Bearer",
      exp: seconds(t.expiresAt),
      iat: seconds(t.issuedAt),
      sub: t.user?.id ?? t.client.clientId,
      aud: km.audience,
      iss: km.issuer,
      jti: t.jti,
      application_id: t.applicationId ?? undefined,
      key_type: t.applicationId ? t.keyType : undefined,
      gty: t.grantType,
      ...(claims.act ? { act: claims.act } : {}),
      // RFC 9449 6.2 / RFC 8705 3.2: the binding, so a resource server can check the proof
      ...(cnf ? { cnf, token_type: cnf.jkt ? "DPoP" : "Bearer" } : {}),
    };
  }
  const r = found.row;
  const active =
    !r.revokedAt &&
    !r.consumedAt &&
    !r.family.revokedAt &&
    r.expiresAt > now &&
    mayIntrospect(caller, r.family.clientId);
  if (!active) return { active: false };
  return {
    active: true,
    scope: r.scope,
    client_id: r.family.client.clientId,
    username: r.family.user?.username,
    token_type: "refresh_token",
    exp: seconds(r.expiresAt),
    iat: seconds(r.issuedAt),
    sub: r.family.user?.id ?? r.family.client.clientId,
    iss: km.issuer,
  };
}

export async function introspectionEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  const params = await ex.form();
  const { client } = await authenticateClient(km, ex.header("authorization"), params, {
    allowPublic: false,
    certificate: presentedCertificate(ex.req, km.clientCaConfigured),
  });
  const token = params.get("token");
  if (!token) throw new InvalidRequest("token is required");
  const found = await findToken(km, token, params.get("token_type_hint"));
  ex.json(200, found ? describe(km, found, client) : { active: false });
}
