import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";

/** GET /_portico/live: the process runs and answers (no database round trip). */
export function liveEndpoint(_km: KeyManager, ex: Exchange): void {
  ex.json(200, { status: "UP" });
}
