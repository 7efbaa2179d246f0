// POST /oauth2/device_authorization (RFC 8628 3.1-3.2): a client holding the device grant asks
// for a device code and a user code. The same address and client limits as the token endpoint;
// the scope is only parsed here and is validated against the approving user's roles on the
// verification page.
import { authenticateClient } from "../clients/authenticate-client";
import { stringList } from "../clients/find-client";
import { TooManyRequests, UnauthorizedClient, UnsupportedGrantType } from "../errors";
import {
  createDeviceAuthorization,
  DEVICE_CODE_GRANT,
  deleteExpiredDeviceCodes,
  verificationUri,
} from "../grants/device-code-store";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";
import { parseScope } from "../scopes/validate-scope";

async function checkAddressLimit(km: KeyManager, ex: Exchange): Promise<void> {
  const verdict = await km.limiters.tokenPerAddress.hit(ex.sourceAddress);
  if (!verdict.allowed) throw new TooManyRequests(verdict.retryAfterSeconds);
}

async function checkGrantEnabled(km: KeyManager): Promise<void> {
  if (!km.grants.get(DEVICE_CODE_GRANT) || !(await km.settings.isGrantEnabled(DEVICE_CODE_GRANT)))
    throw new UnsupportedGrantType("the device authorization grant is switched off");
}

export async function deviceAuthorizationEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  await checkAddressLimit(km, ex);
  const params = await ex.form();
  await checkGrantEnabled(km);
  const { client } = await authenticateClient(km, ex.header("authorization"), params, { allowPublic: true });
  const verdict = await km.limiters.tokenPerClient.hit(client.clientId);
  if (!verdict.allowed) throw new TooManyRequests(verdict.retryAfterSeconds);
  if (!stringList(client.grantTypes).includes(DEVICE_CODE_GRANT))
    throw new UnauthorizedClient("the client is not allowed the device authorization grant");
  const scope = parseScope(params.get("scope"));
  await deleteExpiredDeviceCodes(km);
  const created = await createDeviceAuthorization(km, { clientId: client.id, scope });
  const uri = verificationUri(km.issuer);
  ex.json(200, {
    device_code: created.deviceCode,
    user_code: created.userCode,
    verification_uri: uri,
    verification_uri_complete: `${uri}?${new URLSearchParams({ user_code: created.userCode })}`,
    expires_in: created.expiresIn,
    interval: created.interval,
  });
}
