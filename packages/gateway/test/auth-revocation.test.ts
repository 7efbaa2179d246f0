import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectChallenge, startAuthWorld } from "./auth-world";
import { bearer, call, eventually, type World } from "./fixtures";

let world: World;
let app: Awaited<ReturnType<World["createApplication"]>>;
let other: Awaited<ReturnType<World["createApplication"]>>;
let apiId: string;
let url: string;

beforeAll(async () => {
  ({ world, app, other, apiId, url } = await startAuthWorld());
});

afterAll(async () => world.close());

describe("revocation", () => {
  it("refuses a revoked JWT within 2 seconds, even though it was cached", async () => {
    const { token, jti } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(200);
    const started = Date.now();
    await world.revoke(jti);
    const r = await eventually(async () => {
      const answer = await call(`${url}/list`, { headers: bearer(token) });
      expect(answer.status).toBe(401);
      return answer;
    });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.json().code).toBe("token_revoked");
    expectChallenge(r.headers["www-authenticate"], "invalid_token");
  });

  it("refuses a revoked opaque token within 2 seconds", async () => {
    const { token, jti } = await world.mintOpaque({ clientId: app.productionClientId, scope: "orders:read" });
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(200);
    await world.revoke(jti);
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(token) })).json().code).toBe("token_revoked"),
    );
  });

  it("refuses tokens of revoked client keys once the client change arrives", async () => {
    const keys = await world.createApplication("revoked-keys");
    await world.subscribe(keys.id, apiId);
    await world.change("subscription");
    const jwt = (await world.mintJwt({ clientId: keys.productionClientId, scope: "orders:read" })).token;
    const opaque = (await world.mintOpaque({ clientId: keys.productionClientId, scope: "orders:read" }))
      .token;
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(jwt) })).status).toBe(200),
    );
    expect((await call(`${url}/list`, { headers: bearer(opaque) })).status).toBe(200);
    await world.db.oAuthClient.update({
      where: { clientId: keys.productionClientId },
      data: { revokedAt: new Date() },
    });
    await world.change("client");
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(jwt) })).json().code).toBe("token_revoked"),
    );
    expect((await call(`${url}/list`, { headers: bearer(opaque) })).json().code).toBe("token_revoked");
  });

  it("refuses a token revoked before the gateway first saw it", async () => {
    const { token, jti } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    await world.db.accessToken.update({ where: { jti }, data: { revokedAt: new Date() } });
    expect((await call(`${url}/list`, { headers: bearer(token) })).json().code).toBe("token_revoked");
  });

  it("refuses a token of a disabled user's application the first time it sees it, even unrevoked", async () => {
    // disabling revokes such tokens; this covers one written while the disable was being saved
    const jwt = (await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" })).token;
    const opaque = (await world.mintOpaque({ clientId: app.productionClientId, scope: "orders:read" })).token;
    await world.db.user.update({ where: { id: world.ownerId }, data: { disabled: true } });
    try {
      expect((await call(`${url}/list`, { headers: bearer(jwt) })).json().code).toBe("token_revoked");
      expect((await call(`${url}/list`, { headers: bearer(opaque) })).json().code).toBe("token_revoked");
    } finally {
      await world.db.user.update({ where: { id: world.ownerId }, data: { disabled: false } });
    }
  });
});

describe("subscription", () => {
  it("refuses an application that is not subscribed", async () => {
    const { token } = await world.mintJwt({ clientId: other.productionClientId, scope: "orders:read" });
    const r = await call(`${url}/list`, { headers: bearer(token) });
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("not_subscribed");
    expectChallenge(r.headers["www-authenticate"]);
  });

  it("follows subscription changes within 2 seconds: blocked, production-only blocked, removed", async () => {
    const app2 = await world.createApplication("blockable");
    const subId = await world.subscribe(app2.id, apiId);
    await world.change("subscription", subId);
    const prod = (await world.mintJwt({ clientId: app2.productionClientId, scope: "orders:read" })).token;
    const sandbox = (await world.mintJwt({ clientId: app2.sandboxClientId, scope: "orders:read" })).token;
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(prod) })).status).toBe(200),
    );

    await world.db.subscription.update({ where: { id: subId }, data: { state: "PROD_ONLY_BLOCKED" } });
    await world.change("subscription", subId);
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(prod) })).json().code).toBe("subscription_blocked"),
    );
    expect((await call(`${url}/list`, { headers: bearer(sandbox) })).status).toBe(200);

    await world.db.subscription.update({ where: { id: subId }, data: { state: "BLOCKED" } });
    await world.change("subscription", subId);
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(sandbox) })).json().code).toBe(
        "subscription_blocked",
      ),
    );

    await world.db.subscription.delete({ where: { id: subId } });
    await world.change("subscription", subId);
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(prod) })).json().code).toBe("not_subscribed"),
    );
  });

  it("refuses a subscription waiting for approval (subscription_on_hold) until it is approved", async () => {
    const held = await world.createApplication("awaiting-approval");
    const subId = await world.subscribe(held.id, apiId, undefined, "ON_HOLD");
    await world.change("subscription", subId);
    const { token } = await world.mintJwt({ clientId: held.productionClientId, scope: "orders:read" });
    const marker = `/list?held=${subId}`;
    const r = await eventually(async () => {
      const answer = await call(`${url}${marker}`, { headers: bearer(token) });
      expect(answer.json().code).toBe("subscription_on_hold");
      return answer;
    });
    expect(r.status).toBe(403);
    expectChallenge(r.headers["www-authenticate"]);
    expect(world.upstream.seen.some((s) => s.url.includes(subId))).toBe(false);

    // approved: the call passes once the change reaches the gateway
    await world.db.subscription.update({ where: { id: subId }, data: { state: "ACTIVE" } });
    await world.change("subscription", subId);
    await eventually(async () =>
      expect((await call(`${url}${marker}`, { headers: bearer(token) })).status).toBe(200),
    );
    expect(world.upstream.seen.some((s) => s.url.includes(subId))).toBe(true);

    // a rejected one is simply not a subscription
    await world.db.subscription.update({ where: { id: subId }, data: { state: "REJECTED" } });
    await world.change("subscription", subId);
    await eventually(async () =>
      expect((await call(`${url}${marker}`, { headers: bearer(token) })).json().code).toBe("not_subscribed"),
    );
  });

  it("refuses tokens of a blocked application", async () => {
    const app3 = await world.createApplication("to-block");
    await world.subscribe(app3.id, apiId);
    await world.db.application.update({ where: { id: app3.id }, data: { status: "BLOCKED" } });
    await world.change("application", app3.id);
    const { token } = await world.mintJwt({ clientId: app3.productionClientId, scope: "orders:read" });
    await eventually(async () =>
      expect((await call(`${url}/list`, { headers: bearer(token) })).json().code).toBe("application_blocked"),
    );
  });
});

describe("scopes", () => {
  it("refuses a token lacking a required scope with 403 insufficient_scope naming the scopes", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
    const r = await call(`${url}/list`, { method: "POST", headers: bearer(token), body: "{}" });
    expect(r.status).toBe(403);
    expect(r.json().code).toBe("insufficient_scope");
    expect(r.json().description).toContain("orders:write");
    expect(r.headers["www-authenticate"]).toBe(
      'Bearer realm="portico", error="insufficient_scope", error_description="the access token lacks the scope orders:write", scope="orders:read orders:write"',
    );
    const both = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read orders:write" });
    expect(
      (await call(`${url}/list`, { method: "POST", headers: bearer(both.token), body: "{}" })).status,
    ).toBe(200);
  });

  it("lets a resource without scopes through for any subscribed token", async () => {
    const { token } = await world.mintJwt({ clientId: app.productionClientId, scope: "" });
    expect((await call(`${url}/any`, { headers: bearer(token) })).status).toBe(200);
    expect((await call(`${url}/list`, { headers: bearer(token) })).status).toBe(403);
  });
});

describe("change events over Redis", () => {
  it("refuses a token within 2 seconds of a revocation published on Redis alone", async () => {
    const { Redis } = await import("ioredis");
    const { CHANGE_CHANNEL } = await import("@portico/tokens");
    const redisUrl = "redis://127.0.0.1:6379";
    const viaRedis = await world.start({
      redisUrl,
      redisKeyPrefix: `portico-test:${Date.now()}:`,
      pollIntervalMs: 60_000,
    });
    const publisher = new Redis(redisUrl);
    try {
      const { token, jti } = await world.mintJwt({ clientId: app.productionClientId, scope: "orders:read" });
      const target = `${viaRedis.httpUrl}/orders/1.0.0/list`;
      expect((await call(target, { headers: bearer(token) })).status).toBe(200);
      // no ChangeEvent row: only the Redis message can tell this gateway
      await world.db.accessToken.update({ where: { jti }, data: { revokedAt: new Date() } });
      const started = Date.now();
      await publisher.publish(CHANGE_CHANNEL, JSON.stringify({ topic: "token.revoked", entityId: jti }));
      await eventually(async () =>
        expect((await call(target, { headers: bearer(token) })).json().code).toBe("token_revoked"),
      );
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      publisher.disconnect();
      await viaRedis.close();
    }
  });
});
