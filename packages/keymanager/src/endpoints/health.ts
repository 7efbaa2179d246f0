import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";

/** GET /_portico/health: the process answers and its database does too. */
export async function healthEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  await km.db.keyManager.count();
  ex.json(200, { status: "ok" });
}
