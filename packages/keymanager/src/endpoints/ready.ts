import type { Exchange } from "../http/exchange";
import type { KeyManager } from "../key-manager";

const DATABASE_TIMEOUT_MS = 2_000;

function databaseAnswers(km: KeyManager): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS);
  });
  const query = km.db.$queryRawUnsafe("SELECT 1").then(
    () => true,
    () => false,
  );
  return Promise.race([query, timeout]).finally(() => clearTimeout(timer));
}

/**
 * GET /_portico/ready: send this key manager calls. Its configuration and signing keys are loaded
 * before it listens; it is ready while its database answers within 2 s and it is not draining
 * for a stop (a balancer polling readiness then stops sending it calls first).
 */
export async function readyEndpoint(km: KeyManager, ex: Exchange): Promise<void> {
  if (km.lifecycle.draining) return ex.json(503, { status: "DRAINING" });
  if (!(await databaseAnswers(km))) return ex.json(503, { status: "UNAVAILABLE", reason: "database" });
  ex.json(200, { status: "READY" });
}
