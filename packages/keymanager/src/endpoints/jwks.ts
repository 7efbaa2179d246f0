// GET /oauth2/jwks (RFC 7517): the public signing keys, including retired ones whose tokens
// may still be alive.
import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";

export async function jwksEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  const limits = await km.settings.tokenValidity();
  const longest = Math.max(limits.applicationTokenMax, limits.userTokenMax, limits.idTokenTtl);
  ex.publicJson(await km.keys.jwks(longest, km.now()), 60);
}
