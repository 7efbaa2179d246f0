import type { Db } from "@portico/db";
import { AddressList } from "@portico/settings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publisherRoutes } from "../src/rest/index";
import { makeUser, type Provider, scratchDatabase, tokenIssuer } from "./fixtures";
import { PUBLISHER_SCOPES } from "./publisher-server";
import { serveRestApi } from "./rest-api";

// The audit log's address of a REST call. Route handlers see no socket: `next start` puts the
// connection's address in X-Forwarded-For when the caller sent none, so the last hop is the peer.
describe.each<Provider>(["sqlite", "postgresql"])("on %s", (provider) => {
  let db: Db;
  let drop: () => Promise<void>;
  let token: string;
  const servers: Array<{ url: string; close(): Promise<void> }> = [];

  async function restApi(trustedProxies?: string) {
    const base = "/api/publisher/v1";
    const server = await serveRestApi(
      db,
      { base, routes: publisherRoutes },
      trustedProxies ? { trustedProxies: new AddressList(trustedProxies) } : {},
    );
    servers.push(server);
    return server.url;
  }

  let count = 0;
  /** Creates an API with this X-Forwarded-For and returns the address its audit event records. */
  async function auditedAddress(base: string, forwardedFor: string): Promise<string | null> {
    count++;
    const res = await fetch(`${base}/apis`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        "x-forwarded-for": forwardedFor,
      },
      body: JSON.stringify({ name: `Audited${count}`, version: "1.0.0", context: `/audited${count}` }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "api.create", targetId: id } });
    return event.ip;
  }

  beforeAll(async () => {
    ({ db, drop } = await scratchDatabase(provider));
    const issue = await tokenIssuer(db);
    token = await issue((await makeUser(db, "pat", ["publisher"])).id, PUBLISHER_SCOPES);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await drop();
  });

  describe("the address REST calls are audited with", () => {
    it("is the last hop without trusted proxies: never the first entry, which the caller writes", async () => {
      const base = await restApi();
      expect(await auditedAddress(base, "203.0.113.9")).toBe("203.0.113.9");
      expect(await auditedAddress(base, "1.2.3.4, 203.0.113.9")).toBe("203.0.113.9");
    });

    it("walks past trusted proxies from the right (PORTICO_TRUSTED_PROXIES)", async () => {
      const base = await restApi("10.0.0.0/8");
      expect(await auditedAddress(base, "1.2.3.4, 203.0.113.9, 10.0.0.7")).toBe("203.0.113.9");
      expect(await auditedAddress(base, "203.0.113.9")).toBe("203.0.113.9");
    });
  });
});
