import type { ClientRecord } from "../clients/find-client";
import { InvalidRequest } from "../errors";
import type { Params } from "../http/exchange";
import type { KeyManager } from "../key-manager";

/**
 * The access token's lifetime in seconds: the requester's `validity_period`, else the client's
 * or application's default, else the admin default; never above the admin maximum (application
 * tokens and user tokens have separate maximums).
 */
export async function resolveValidity(
  km: KeyManager,
  params: Params,
  client: ClientRecord,
  userBound: boolean,
): Promise<number> {
  const limits = await km.settings.tokenValidity();
  const raw = params.get("validity_period");
  let requested: number | undefined;
  if (raw !== undefined) {
    if (!/^[1-9][0-9]{0,9}$/.test(raw))
      throw new InvalidRequest("validity_period must be a positive number of seconds");
    requested = Number(raw);
  }
  const fallback = userBound ? limits.userTokenDefault : limits.applicationTokenDefault;
  const wanted = requested ?? client.accessTokenTtl ?? client.application?.defaultValidity ?? fallback;
  const maximum = userBound ? limits.userTokenMax : limits.applicationTokenMax;
  return Math.max(1, Math.min(wanted, maximum));
}
