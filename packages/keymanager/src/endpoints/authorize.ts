import { UnsupportedResponseType } from "../errors";
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";

export async function authorizationEndpoint(_km: KeyManager, _ex: Exchange): Promise<void> {
  throw new UnsupportedResponseType();
}
