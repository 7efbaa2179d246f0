import type { MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { deliverDueWebhooks } from "./deliver-webhooks";
import { notifyExpiringKeys } from "./notify-expiring-keys";

export interface NotificationWorkerOptions {
  db: Db;
  keyring: () => MasterKeyring;
  /** how often due webhook deliveries are sent (default 5 s) */
  deliveryIntervalMs?: number;
  /** how often expiring keys are looked for (default 1 h) */
  expiryCheckIntervalMs?: number;
  /** told of a failed round (never holds secrets); the worker carries on */
  onError?: (error: unknown) => void;
}

/**
 * The publisher portal's background work: sends due webhook deliveries and warns of expiring
 * keys. Rounds never overlap; a failed round is reported and the next one runs as planned.
 * Returns a function that stops it.
 */
export function startNotificationWorker(options: NotificationWorkerOptions): () => void {
  const onError = options.onError ?? (() => undefined);
  let running = false;
  let lastExpiryCheck = 0;
  const expiryEvery = options.expiryCheckIntervalMs ?? 3_600_000;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      const now = new Date();
      if (now.getTime() - lastExpiryCheck >= expiryEvery) {
        lastExpiryCheck = now.getTime();
        await notifyExpiringKeys(options.db, now);
      }
      await deliverDueWebhooks(options.db, options.keyring(), now);
    } catch (error) {
      onError(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(round, options.deliveryIntervalMs ?? 5_000);
  timer.unref();
  void round();
  return () => clearInterval(timer);
}
