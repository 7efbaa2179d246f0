// What admins and subscriptions decide: grant switches, validity limits, scope filtering by
// subscription and by role.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, type Platform, snapshot, startPlatform } from "./fixture";

let p: Platform;

beforeAll(async () => {
  p = await startPlatform();
});
afterAll(async () => p.close());

describe("grant type control", () => {
  it("a grant disabled platform-wide is unsupported_grant_type, and works again when enabled", async () => {
    await p.db.grantTypeSetting.update({ where: { name: "client_credentials" }, data: { enabled: false } });
    const before = await snapshot(p.db);
    const off = await p.token({ grant_type: "client_credentials" });
    expect(off.status).toBe(400);
    expect(off.body.error).toBe("unsupported_grant_type");
    expect(await snapshot(p.db)).toEqual(before);
    await p.db.grantTypeSetting.update({ where: { name: "client_credentials" }, data: { enabled: true } });
    expect((await p.token({ grant_type: "client_credentials" })).status).toBe(200);
  });

  it("a grant disabled for this key manager only is unsupported_grant_type", async () => {
    const keyManagerId = p.km.keyManager.keyManagerId;
    await p.db.keyManagerGrantType.create({ data: { keyManagerId, grantType: "password", enabled: false } });
    const off = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
    });
    expect(off.body.error).toBe("unsupported_grant_type");
    await p.db.keyManagerGrantType.update({
      where: { keyManagerId_grantType: { keyManagerId, grantType: "password" } },
      data: { enabled: true },
    });
    const on = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
    });
    expect(on.status).toBe(200);
  });

  it("grants off by default (token exchange) are unsupported until an admin enables them", async () => {
    const res = await p.token({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: "x",
      subject_token_type: "urn:ietf:params:oauth:token-type:access_token",
    });
    expect(res.body.error).toBe("unsupported_grant_type");
  });

  it("a grant the client was not given is unauthorized_client", async () => {
    const client = await createClient(p.db, {
      applicationId: p.application.id,
      keyType: "SANDBOX",
      grantTypes: ["client_credentials"],
    });
    const before = await snapshot(p.db);
    const res = await p.token(
      { grant_type: "password", username: p.developer.username, password: p.developer.password },
      client,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe("unauthorized_client");
    expect(await snapshot(p.db)).toEqual(before);
  });

  it("the metadata lists the grant types this server implements", async () => {
    const meta = (await (await p.fetch(`${p.km.url}/.well-known/openid-configuration`)).json()) as {
      grant_types_supported: string[];
    };
    expect(meta.grant_types_supported).toEqual(
      expect.arrayContaining(["authorization_code", "client_credentials", "password", "refresh_token"]),
    );
  });
});

describe("token validity", () => {
  it("uses the requested validity_period", async () => {
    const res = await p.token({ grant_type: "client_credentials", validity_period: "120" });
    expect(res.body.expires_in).toBe(120);
    const claims = decodeJwt(res.body.access_token as string);
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
  });

  it("defaults to the application's validity", async () => {
    await p.db.application.update({ where: { id: p.application.id }, data: { defaultValidity: 900 } });
    try {
      const res = await p.token({ grant_type: "client_credentials" });
      expect(res.body.expires_in).toBe(900);
    } finally {
      await p.db.application.update({ where: { id: p.application.id }, data: { defaultValidity: 3600 } });
    }
  });

  it("caps application tokens and user tokens at their own admin maximums", async () => {
    await p.db.tokenValiditySetting.update({
      where: { id: "default" },
      data: { applicationTokenMax: 600, userTokenMax: 300 },
    });
    try {
      const app = await p.token({ grant_type: "client_credentials", validity_period: "100000" });
      expect(app.body.expires_in).toBe(600);
      const user = await p.token({
        grant_type: "password",
        username: p.developer.username,
        password: p.developer.password,
        validity_period: "100000",
      });
      expect(user.body.expires_in).toBe(300);
      const row = await p.db.accessToken.findUniqueOrThrow({
        where: { jti: decodeJwt(user.body.access_token as string).jti as string },
      });
      expect(Math.round((row.expiresAt.getTime() - row.issuedAt.getTime()) / 1000)).toBe(300);
    } finally {
      await p.db.tokenValiditySetting.update({
        where: { id: "default" },
        data: { applicationTokenMax: 86400, userTokenMax: 86400 },
      });
    }
  });
});

describe("scope filtering", () => {
  it("grants an API's scopes only while the application's subscription is active", async () => {
    const granted = await p.token({ grant_type: "client_credentials", scope: "pizza:open other:read" });
    expect(granted.body.scope).toBe("pizza:open");
    const subscription = await p.db.subscription.findFirstOrThrow({
      where: { applicationId: p.application.id },
    });
    await p.db.subscription.update({ where: { id: subscription.id }, data: { state: "BLOCKED" } });
    try {
      const blocked = await p.token({ grant_type: "client_credentials", scope: "pizza:open" });
      expect(blocked.status).toBe(200);
      expect(blocked.body.scope).toBe("");
    } finally {
      await p.db.subscription.update({ where: { id: subscription.id }, data: { state: "ACTIVE" } });
    }
    const other = await p.db.api.findFirstOrThrow({ where: { context: "/other" } });
    const tier = await p.db.throttlingTier.findFirstOrThrow({ where: { level: "SUBSCRIPTION" } });
    await p.db.subscription.create({
      data: { applicationId: p.application.id, apiId: other.id, tierId: tier.id },
    });
    const both = await p.token({ grant_type: "client_credentials", scope: "pizza:open other:read" });
    expect(both.body.scope).toBe("pizza:open other:read");
  });

  it("grants role-bound scopes only to users holding one of the roles", async () => {
    const scope = "pizza:read pizza:admin portico:api_view portico:subscribe portico:admin";
    const developer = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
      scope,
    });
    expect(developer.body.scope).toBe("pizza:read portico:subscribe");
    const admin = await p.token({
      grant_type: "password",
      username: p.admin.username,
      password: p.admin.password,
      scope,
    });
    expect(admin.body.scope).toBe(scope);
    expect(decodeJwt(admin.body.access_token as string).scope).toBe(scope);
  });

  it("treats a shared scope used by an API's resources as that API's scope", async () => {
    const pizza = await p.db.api.findFirstOrThrow({ where: { context: "/pizza" } });
    const unsubscribed = await p.db.api.create({
      data: { name: "Third", version: "1.0.0", context: "/third" },
    });
    await p.db.scope.create({
      data: {
        name: "shared:pizza",
        public: true,
        resources: {
          create: [{ resource: { create: { apiId: pizza.id, method: "GET", pathTemplate: "/shared" } } }],
        },
      },
    });
    await p.db.scope.create({
      data: {
        name: "shared:third",
        public: true,
        resources: {
          create: [{ resource: { create: { apiId: unsubscribed.id, method: "GET", pathTemplate: "/x" } } }],
        },
      },
    });
    await p.db.scope.create({ data: { name: "platform:open", public: true } });
    const res = await p.token({
      grant_type: "client_credentials",
      scope: "shared:pizza shared:third platform:open",
    });
    expect(res.body.scope).toBe("shared:pizza platform:open");
  });

  it("grants a shared scope bound to no role only when its owner made it public, or to admins", async () => {
    const pizza = await p.db.api.findFirstOrThrow({ where: { context: "/pizza" } });
    await p.db.scope.create({
      data: {
        name: "shared:closed",
        resources: {
          create: [{ resource: { create: { apiId: pizza.id, method: "GET", pathTemplate: "/closed" } } }],
        },
      },
    });
    await p.db.scope.create({ data: { name: "platform:closed" } });
    const scope = "shared:closed platform:closed";
    const app = await p.token({ grant_type: "client_credentials", scope });
    expect(app.status).toBe(200);
    expect(app.body.scope).toBe("");
    const developer = await p.token({
      grant_type: "password",
      username: p.developer.username,
      password: p.developer.password,
      scope,
    });
    expect(developer.body.scope).toBe("");
    const admin = await p.token({
      grant_type: "password",
      username: p.admin.username,
      password: p.admin.password,
      scope,
    });
    expect(admin.body.scope).toBe(scope);
    await p.db.scope.update({ where: { name: "shared:closed" }, data: { public: true } });
    const opened = await p.token({ grant_type: "client_credentials", scope });
    expect(opened.body.scope).toBe("shared:closed");
  });

  it("drops unknown scopes and OIDC scopes of application tokens", async () => {
    const res = await p.token({ grant_type: "client_credentials", scope: "openid nothing:here pizza:open" });
    expect(res.body.scope).toBe("pizza:open");
  });

  it("one token per scope: each request gets only what it asked for", async () => {
    const a = await p.token({ grant_type: "client_credentials", scope: "pizza:read" });
    const b = await p.token({ grant_type: "client_credentials", scope: "pizza:open" });
    expect([a.body.scope, b.body.scope]).toEqual(["pizza:read", "pizza:open"]);
  });
});

describe("with the default one-second settings cache", () => {
  it("sees a grant switched on and a secret added at once", async () => {
    const cached = await startPlatform({ configuration: { settingsCacheMs: 1000 } });
    try {
      await cached.db.grantTypeSetting.update({
        where: { name: "client_credentials" },
        data: { enabled: false },
      });
      expect((await cached.token({ grant_type: "client_credentials" })).body.error).toBe(
        "unsupported_grant_type",
      );
      await cached.db.grantTypeSetting.update({
        where: { name: "client_credentials" },
        data: { enabled: true },
      });
      expect((await cached.token({ grant_type: "client_credentials" })).status).toBe(200);

      // a rotated-in secret works immediately although the client row is cached
      const { hashSecret } = await import("@portico/crypto");
      const secret = "a-new-secret-for-rotation-0123456789";
      await cached.db.clientSecret.create({
        data: { clientId: cached.client.id, secretHash: await hashSecret(secret), hint: secret.slice(-4) },
      });
      const res = await cached.token(
        { grant_type: "client_credentials" },
        { clientId: cached.client.clientId, secret },
      );
      expect(res.status).toBe(200);
    } finally {
      await cached.close();
    }
  });
});
