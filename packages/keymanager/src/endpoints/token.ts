// POST /oauth2/token (RFC 6749 3.2): a pipeline of named checks, then the grant module.

import type { TokenConfirmation } from "@portico/tokens";
import { authenticateClient } from "../clients/authenticate-client";
import { type PresentedCertificate, presentedCertificate } from "../clients/client-certificate";
import { type ClientRecord, stringList } from "../clients/find-client";
import { checkDpopProof, dpopNonceHeaders } from "../dpop/check-dpop-proof";
import { InvalidRequest, TooManyRequests, UnauthorizedClient, UnsupportedGrantType } from "../errors";
import type { GrantTypeModule } from "../grants/registry";
import type { Exchange, Params } from "../http/exchange";
import type { KeyManager } from "../key-manager";

async function checkAddressLimit(km: KeyManager, ex: Exchange): Promise<void> {
  const verdict = await km.limiters.tokenPerAddress.hit(ex.sourceAddress);
  if (!verdict.allowed) throw new TooManyRequests(verdict.retryAfterSeconds);
}

async function checkClientLimit(km: KeyManager, client: ClientRecord): Promise<void> {
  const verdict = await km.limiters.tokenPerClient.hit(client.clientId);
  if (!verdict.allowed) throw new TooManyRequests(verdict.retryAfterSeconds);
}

async function selectGrantType(km: KeyManager, params: Params): Promise<GrantTypeModule> {
  const grantType = params.get("grant_type");
  if (!grantType) throw new InvalidRequest("grant_type is required");
  const module = km.grants.get(grantType);
  if (!module || !(await km.settings.isGrantEnabled(grantType))) throw new UnsupportedGrantType();
  return module;
}

function checkClientGrant(client: ClientRecord, grant: GrantTypeModule): void {
  if (!stringList(client.grantTypes).includes(grant.grantType)) throw new UnauthorizedClient();
}

function checkParameters(grant: GrantTypeModule, params: Params): void {
  for (const name of grant.parameters.required) {
    if (!params.has(name)) throw new InvalidRequest(`${name} is required`);
  }
}

/**
 * RFC 8705 3: a token requested over a connection with a client certificate is bound to it
 * (`cnf."x5t#S256"`), beside a DPoP key when the request also carried a proof.
 */
function bindToCertificate(
  dpop: TokenConfirmation | undefined,
  certificate: PresentedCertificate | undefined,
): TokenConfirmation | undefined {
  if (!certificate) return dpop;
  return { ...dpop, "x5t#S256": certificate.thumbprint };
}

export async function tokenEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  await checkAddressLimit(km, ex);
  const params = await ex.form();
  const grant = await selectGrantType(km, params);
  const certificate = presentedCertificate(ex.req, km.clientCaConfigured);
  const { client } = await authenticateClient(km, ex.header("authorization"), params, {
    allowPublic: true,
    certificate,
  });
  await checkClientLimit(km, client);
  checkClientGrant(client, grant);
  checkParameters(grant, params);
  const binding = bindToCertificate(await checkDpopProof(km, ex, client), certificate);
  const response = await grant.handler({ km, params, client, sourceAddress: ex.sourceAddress, binding });
  ex.json(200, response, dpopNonceHeaders(km));
}
