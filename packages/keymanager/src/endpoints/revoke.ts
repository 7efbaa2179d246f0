// POST /oauth2/revoke (RFC 7009). Unknown tokens and other clients' tokens get the same 200
// (2.2: the response does not tell whether the token existed). Revoking a refresh token
// revokes its whole family and the access tokens issued from it (2.1).

import { revokeAccessTokensWhere, revokeRefreshFamilies } from "@portico/issuer-admin";
import { authenticateClient } from "../clients/authenticate-client";
import { presentedCertificate } from "../clients/client-certificate";
import { InvalidRequest } from "../errors";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { findToken } from "../tokens/find-token";

export async function revocationEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  const params = await ex.form();
  const { client } = await authenticateClient(km, ex.header("authorization"), params, {
    allowPublic: true,
    certificate: presentedCertificate(ex.req, km.clientCaConfigured),
  });
  const token = params.get("token");
  if (!token) throw new InvalidRequest("token is required");
  const found = await findToken(km, token, params.get("token_type_hint"));
  const deps = { db: km.db, changes: km.changes, now: km.now };
  if (found?.kind === "access_token" && found.row.clientId === client.id) {
    await revokeAccessTokensWhere(deps, { id: found.row.id });
  } else if (found?.kind === "refresh_token" && found.row.family.clientId === client.id) {
    await revokeRefreshFamilies(deps, [found.row.familyId]);
  }
  ex.res.writeHead(200, { "cache-control": "no-store", "content-length": 0 });
  ex.res.end();
}
