import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  deliverDueWebhooks,
  notifyExpiringKeys,
  WEBHOOK_FIRST_RETRY_MS,
  WEBHOOK_MAX_ATTEMPTS,
} from "../src/index";
import { type Platform, startPlatform } from "./platform-server";

// Outgoing webhooks against real HTTP receivers: one that checks the signature as a receiver
// would (HMAC-SHA256 over `timestamp.body`), one that fails twice then succeeds. The clock of
// the delivery rounds is injected, so the backoff is shown without sleeping.

interface Received {
  headers: IncomingMessage["headers"];
  body: string;
  signatureValid: boolean;
}

async function receiver(secret: () => string, answers: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      const timestamp = String(req.headers["x-portico-timestamp"] ?? "");
      const expected = `sha256=${createHmac("sha256", secret()).update(`${timestamp}.${body}`).digest("hex")}`;
      const given = String(req.headers["x-portico-signature"] ?? "");
      const signatureValid =
        given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      received.push({ headers: req.headers, body, signatureValid });
      const status = answers.shift() ?? (signatureValid ? 204 : 401);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/portico`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("outgoing webhooks", () => {
  let p: Platform;
  let subId = "";
  let appId = "";
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    p = await startPlatform({ ann: ["publisher"], dana: ["developer"], root: ["admin"] });
    const api = await p.publisher("POST", "/apis", "ann", {
      name: "Pizza",
      version: "1.0.0",
      context: "/pizza",
      endpoints: { production: "https://backend.example/pizza" },
      resources: [{ method: "GET", path: "/menu" }],
    });
    await p.publisher("POST", `/apis/${api.body.id}/lifecycle`, "ann", { action: "publish" });
    appId = (await p.devportal("POST", "/applications", "dana", { name: "Dana app" })).body.id;
    subId = (
      await p.devportal("POST", "/subscriptions", "dana", {
        applicationId: appId,
        apiId: api.body.id,
        tier: "Gold",
      })
    ).body.id;
  });
  afterAll(async () => {
    for (const close of closers) await close();
    await p?.close();
  });

  const block = async (action: "block" | "unblock") =>
    expect((await p.publisher("POST", `/subscriptions/${subId}/state`, "ann", { action })).status).toBe(200);

  it("refuses bad input, addresses the platform may not call, and non-admins; changes nothing", async () => {
    for (const [body, field] of [
      [{ name: "x", url: "ftp://example.com/hook" }, "url"],
      [{ name: "x", url: "http://169.254.169.254/latest" }, "url"],
      [{ name: "x", url: "http://127.0.0.2:9/hook" }, "url"],
      [{ name: "x", url: "https://example.com/hook", events: ["api.exploded"] }, "events.0"],
      [{ name: "x", url: "https://example.com/hook", environment: "Prod EU" }, "environment"],
      [{ name: "x", url: "https://example.com/hook", secret: "mine" }, "(body)"],
    ] as const) {
      const r = await p.admin("POST", "/webhooks", "root", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(
      (await p.admin("POST", "/webhooks", "ann", { name: "x", url: "https://example.com/h" })).status,
    ).toBe(403);
    expect(await p.db.webhook.count()).toBe(0);
  });

  it("signs each delivery so a receiver can check it; the secret is shown once and stored encrypted", async () => {
    let secret = "";
    const rx = await receiver(() => secret);
    closers.push(rx.close);
    const created = await p.admin("POST", "/webhooks", "root", {
      name: "audit sink",
      url: rx.url,
      environment: "partner-eu",
      events: ["subscription.blocked"],
    });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    expect(secret).toMatch(/^whsec_/);
    const row = await p.db.webhook.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.secretEnc).not.toContain(secret);
    expect(JSON.stringify((await p.admin("GET", "/webhooks", "root")).body)).not.toContain(secret);

    await block("block");
    await block("unblock"); // not an event it listens to (nor an event at all)
    const now = new Date();
    expect(await deliverDueWebhooks(p.db, p.keyring, now)).toBe(1);
    expect(rx.received).toHaveLength(1);
    const got = rx.received[0] as Received;
    expect(got.signatureValid).toBe(true);
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["x-portico-event"]).toBe("subscription.blocked");
    expect(got.headers["x-portico-timestamp"]).toBe(String(Math.floor(now.getTime() / 1000)));
    expect(JSON.parse(got.body)).toMatchObject({
      event: "subscription.blocked",
      environment: "partner-eu",
      target: { type: "subscription", id: subId },
      data: { applicationId: appId, state: "BLOCKED" },
    });
    const log = await p.admin("GET", `/webhooks/${created.body.id}/deliveries`, "root");
    expect(log.body).toHaveLength(1);
    expect(log.body[0]).toMatchObject({ status: "DELIVERED", attempts: 1, lastStatusCode: 204 });
    expect(await deliverDueWebhooks(p.db, p.keyring, new Date(now.getTime() + 3_600_000))).toBe(0);

    // a receiver holding another secret would refuse: the signature is over this body and time
    secret = "whsec_not-the-one";
    await block("block_production" as "block");
    await deliverDueWebhooks(p.db, p.keyring, new Date());
    expect(rx.received.at(-1)?.signatureValid).toBe(false);
    await p.admin("DELETE", `/webhooks/${created.body.id}`, "root");
    await block("unblock");
  });

  it("retries a failing receiver with exponential backoff until it answers 2xx", async () => {
    let secret = "";
    const rx = await receiver(() => secret, [500, 503]);
    closers.push(rx.close);
    const created = await p.admin("POST", "/webhooks", "root", { name: "flaky", url: rx.url });
    secret = created.body.secret;
    await block("block");
    const t0 = new Date();
    expect(await deliverDueWebhooks(p.db, p.keyring, t0)).toBe(1);
    const at = (ms: number) => new Date(t0.getTime() + ms);
    // not yet due: the first retry waits WEBHOOK_FIRST_RETRY_MS
    expect(await deliverDueWebhooks(p.db, p.keyring, at(WEBHOOK_FIRST_RETRY_MS - 1_000))).toBe(0);
    expect(await deliverDueWebhooks(p.db, p.keyring, at(WEBHOOK_FIRST_RETRY_MS))).toBe(1);
    // the second waits twice as long
    expect(await deliverDueWebhooks(p.db, p.keyring, at(WEBHOOK_FIRST_RETRY_MS * 2))).toBe(0);
    expect(await deliverDueWebhooks(p.db, p.keyring, at(WEBHOOK_FIRST_RETRY_MS * 3))).toBe(1);
    expect(rx.received.map((r) => r.signatureValid)).toEqual([true, true, true]);
    // every attempt is signed with its own timestamp
    expect(new Set(rx.received.map((r) => r.headers["x-portico-timestamp"])).size).toBe(3);
    const [entry] = (await p.admin("GET", `/webhooks/${created.body.id}/deliveries`, "root")).body;
    expect(entry).toMatchObject({ status: "DELIVERED", attempts: 3, lastStatusCode: 204, lastError: null });
    await p.admin("DELETE", `/webhooks/${created.body.id}`, "root");
    await block("unblock");
  });

  it("gives up after the bounded attempts, and never calls an address the egress policy refuses", async () => {
    const rx = await receiver(() => "", Array(WEBHOOK_MAX_ATTEMPTS + 1).fill(500));
    closers.push(rx.close);
    const down = await p.admin("POST", "/webhooks", "root", { name: "down", url: rx.url });
    // changed behind the API's back (as a restored backup could): refused when sending
    const sneaky = await p.admin("POST", "/webhooks", "root", { name: "sneaky", url: rx.url });
    await p.db.webhook.update({
      where: { id: sneaky.body.id },
      data: { url: rx.url.replace("127.0.0.1", "127.0.0.2") },
    });
    await block("block");
    let t = Date.now();
    for (let i = 0; i < WEBHOOK_MAX_ATTEMPTS + 2; i++) {
      await deliverDueWebhooks(p.db, p.keyring, new Date(t));
      t += 3_600_000;
    }
    expect(rx.received).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    const [failed] = (await p.admin("GET", `/webhooks/${down.body.id}/deliveries`, "root")).body;
    expect(failed).toMatchObject({ status: "FAILED", attempts: WEBHOOK_MAX_ATTEMPTS, lastStatusCode: 500 });
    const [refused] = (await p.admin("GET", `/webhooks/${sneaky.body.id}/deliveries`, "root")).body;
    expect(refused.status).toBe("FAILED");
    expect(refused.lastStatusCode).toBeNull();
    expect(refused.lastError).toMatch(/^refused by the egress policy/);
    for (const id of [down.body.id, sneaky.body.id]) await p.admin("DELETE", `/webhooks/${id}`, "root");
    await block("unblock");
  });

  it("warns of an expiring key once, in the inbox and to webhooks listening", async () => {
    let secret = "";
    const rx = await receiver(() => secret);
    closers.push(rx.close);
    const hook = await p.admin("POST", "/webhooks", "root", {
      name: "keys",
      url: rx.url,
      events: ["key.expiring"],
    });
    secret = hook.body.secret;
    const key = await p.devportal("POST", `/applications/${appId}/api-keys`, "dana", { name: "short" });
    expect(key.status).toBe(201);
    const now = new Date();
    await p.db.apiKey.update({
      where: { id: key.body.id },
      data: { expiresAt: new Date(now.getTime() + 3 * 86_400_000) },
    });
    expect(await notifyExpiringKeys(p.db, now)).toBe(1);
    expect(await notifyExpiringKeys(p.db, new Date(now.getTime() + 60_000))).toBe(0);
    const inbox = (await p.devportal("GET", "/notifications", "dana")).body;
    expect(inbox.filter((n: { event: string }) => n.event === "key.expiring")).toHaveLength(1);
    await deliverDueWebhooks(p.db, p.keyring, now);
    expect(rx.received).toHaveLength(1);
    expect(rx.received[0]?.signatureValid).toBe(true);
    expect(JSON.parse(rx.received[0]?.body ?? "{}")).toMatchObject({
      event: "key.expiring",
      data: { kind: "api_key" },
    });
  });
});
