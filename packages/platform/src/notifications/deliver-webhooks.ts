import { createHmac } from "node:crypto";
import { lookup } from "node:dns";
import type { LookupFunction } from "node:net";
import { decryptSecret, type MasterKeyring } from "@portico/crypto";
import type { Db } from "@portico/db";
import { Agent, request } from "undici";
import { addressRefusal, refusalOf } from "../apis/endpoint-egress";

/** Attempts per delivery before it is marked FAILED. */
export const WEBHOOK_MAX_ATTEMPTS = 6;
/** The wait after the first failed attempt; each later one doubles it (30 s, 1 min, 2 min, 4 min, 8 min). */
export const WEBHOOK_FIRST_RETRY_MS = 30_000;
const ATTEMPT_TIMEOUT_MS = 10_000;

/**
 * The signature a receiver checks: HMAC-SHA256 under the webhook's secret over
 * `<timestamp>.<body>` (the `X-Portico-Timestamp` header, a dot, the raw body), hex, sent as
 * `X-Portico-Signature: sha256=<hex>`. Each attempt is signed anew with its own timestamp, so a
 * receiver may refuse timestamps older than a few minutes (replays).
 */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The wait before attempt n+1 after n failed attempts. */
export function webhookRetryDelay(failedAttempts: number): number {
  return WEBHOOK_FIRST_RETRY_MS * 2 ** Math.max(0, failedAttempts - 1);
}

// Connect only to an address the egress policy allows, checked after DNS on every connection,
// so a name that resolves to loopback or cloud metadata later gains nothing.
function egressCheckedLookup(port: number): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const allowed = addresses.find((a) => !addressRefusal(a.address, port));
      if (!allowed) {
        const refusal = addresses[0] ? addressRefusal(addresses[0].address, port) : undefined;
        return callback(
          Object.assign(new Error(`refused by the egress policy: ${refusal?.reason ?? "no address"}`), {
            code: "EGRESS_REFUSED",
          }),
          "",
          0,
        );
      }
      if ((options as { all?: boolean }).all)
        return (callback as (e: null, a: unknown[]) => void)(null, [allowed]);
      return callback(null, allowed.address, allowed.family);
    });
  };
}

async function attempt(url: string, headers: Record<string, string>, body: string) {
  // An address literal never reaches the lookup below: judge it (and a name, once) up front.
  const refusal = await refusalOf(url);
  if (refusal) throw new Error(`refused by the egress policy: ${refusal.reason}`);
  const target = new URL(url);
  const port = target.port ? Number(target.port) : target.protocol === "https:" ? 443 : 80;
  const dispatcher = new Agent({
    connect: { lookup: egressCheckedLookup(port), timeout: ATTEMPT_TIMEOUT_MS },
    headersTimeout: ATTEMPT_TIMEOUT_MS,
    bodyTimeout: ATTEMPT_TIMEOUT_MS,
  });
  try {
    // undici does not follow redirects unless asked: a 3xx is a failed attempt, never a detour
    const res = await request(url, { method: "POST", headers, body, dispatcher });
    await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    return { statusCode: res.statusCode };
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

function errorText(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  const text = e.cause?.message ?? e.message ?? String(error);
  return text.slice(0, 300);
}

/**
 * Sends every webhook delivery that is due at `now` (one attempt each) and schedules the failed
 * ones again with exponential backoff, up to WEBHOOK_MAX_ATTEMPTS. Returns how many it attempted.
 * Each delivery is claimed before it is sent, so two workers never send the same attempt twice.
 */
export async function deliverDueWebhooks(
  db: Db,
  keyring: MasterKeyring,
  now: Date = new Date(),
): Promise<number> {
  const due = await db.webhookDelivery.findMany({
    where: { status: "PENDING", nextAttemptAt: { lte: now } },
    include: { webhook: true },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
  let attempted = 0;
  for (const delivery of due) {
    const claimed = await db.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "PENDING", attempts: delivery.attempts },
      data: { attempts: delivery.attempts + 1, nextAttemptAt: null },
    });
    if (claimed.count !== 1) continue;
    attempted++;
    const attempts = delivery.attempts + 1;
    const timestamp = String(Math.floor(now.getTime() / 1000));
    let statusCode: number | null = null;
    let failure: string | null = null;
    try {
      const secret = decryptSecret(keyring, delivery.webhook.secretEnc, `webhook:${delivery.webhookId}`);
      const res = await attempt(
        delivery.webhook.url,
        {
          "content-type": "application/json",
          "user-agent": "Portico-Webhook/1",
          "x-portico-event": delivery.event,
          "x-portico-delivery": delivery.id,
          "x-portico-timestamp": timestamp,
          "x-portico-signature": signWebhookBody(secret, timestamp, delivery.body),
        },
        delivery.body,
      );
      statusCode = res.statusCode;
      if (statusCode < 200 || statusCode > 299) failure = `the receiver answered ${statusCode}`;
    } catch (error) {
      failure = errorText(error);
    }
    const done = failure === null;
    const exhausted = !done && attempts >= WEBHOOK_MAX_ATTEMPTS;
    await db.webhookDelivery.update({
      where: { id: delivery.id },
      data: {
        status: done ? "DELIVERED" : exhausted ? "FAILED" : "PENDING",
        lastStatusCode: statusCode,
        lastError: failure,
        deliveredAt: done ? now : null,
        nextAttemptAt: done || exhausted ? null : new Date(now.getTime() + webhookRetryDelay(attempts)),
      },
    });
  }
  return attempted;
}
