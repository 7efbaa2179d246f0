// Update-semantics fixtures of the admin REST API (identity providers have their own file).
import { makeUser } from "../fixtures";
import { type Fixture, listed, ok, policyXml, type Subject, simpleApi } from "./harness";

/** A P-256 public key (RFC 7517 A.1's), for settings that hold JWKS. */
const EC_PUBLIC_JWK = {
  kty: "EC",
  crv: "P-256",
  x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
  y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
};

export const adminFixtures: Record<string, Fixture[]> = {
  "PUT /api/admin/v1/grant-types/{name}": [
    {
      async create(h) {
        await h.db.grantTypeSetting.update({ where: { name: "password" }, data: { enabled: true } });
        return {
          params: { name: "password" },
          read: () => listed(h, "admin", "/grant-types", (g) => g.name === "password"),
        };
      },
      changes: { enabled: false },
      selectors: ["keyManager"],
      required: ["enabled"],
    },
  ],
  "PUT /api/admin/v1/token-validity": [
    {
      async create(h) {
        const values = {
          applicationTokenDefault: 1000,
          applicationTokenMax: 5000,
          userTokenDefault: 1100,
          userTokenMax: 5100,
          refreshTokenDefault: 1200,
          refreshTokenMax: 5200,
          authorizationCodeTtl: 120,
          idTokenTtl: 1300,
        };
        await h.db.tokenValiditySetting.upsert({
          where: { id: "default" },
          create: { id: "default", ...values },
          update: values,
        });
        return { params: {}, read: async () => ok(await h.call("admin", "GET", "/token-validity")) };
      },
      changes: {
        applicationTokenDefault: 1001,
        applicationTokenMax: 5001,
        userTokenDefault: 1101,
        userTokenMax: 5101,
        refreshTokenDefault: 1201,
        refreshTokenMax: 5201,
        authorizationCodeTtl: 121,
        idTokenTtl: 1301,
      },
    },
  ],
  "PUT /api/admin/v1/key-managers/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = await h.db.keyManager.create({
          data: {
            name: `km${n}`,
            type: "EXTERNAL",
            issuer: `https://idp${n}.example`,
            jwksUri: `https://idp${n}.example/jwks`,
            enabled: false,
            claimMappings: { groups: "roles" },
          },
        });
        return { params: { id }, read: () => listed(h, "admin", "/key-managers", (k) => k.id === id) };
      },
      changes: { enabled: true, claimMappings: { dept: "department" } },
    },
  ],
  "PUT /api/admin/v1/deny-policies/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const owner = await makeUser(h.db, `deny${n}`, ["developer"]);
        const apps = await Promise.all(
          ["a", "b"].map((x) => h.db.application.create({ data: { name: `D${n}${x}`, ownerId: owner.id } })),
        );
        const apis = [await simpleApi(h), await simpleApi(h)];
        const { id } = ok(
          await h.call("admin", "POST", "/deny-policies", {
            applicationId: apps[0]?.id,
            username: `mallory${n}`,
            ipRange: "203.0.113.0/24",
            apiId: apis[0],
            reason: "first report",
            expiresAt: "2098-01-01T00:00:00.000Z",
          }),
          201,
        );
        return {
          params: { id },
          data: { app: apps[1]?.id ?? "", api: apis[1] ?? "", n },
          read: () => listed(h, "admin", "/deny-policies", (d) => d.id === id),
        };
      },
      changes: {
        applicationId: (s: Subject) => s.data?.app,
        username: (s: Subject) => `trudy${s.data?.n}`,
        ipRange: "2001:db8::/32",
        apiId: (s: Subject) => s.data?.api,
        reason: "second report",
        expiresAt: "2099-06-01T12:00:00.000Z",
      },
    },
  ],
  "PUT /api/admin/v1/tiers/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = ok(
          await h.call("admin", "POST", "/tiers", {
            name: `T${n}`,
            level: "SUBSCRIPTION",
            description: "a tier",
            requestCount: 100,
            unitSeconds: 120,
            burst: 5,
          }),
          201,
        );
        return { params: { id }, data: { n }, read: () => listed(h, "admin", "/tiers", (t) => t.id === id) };
      },
      changes: {
        name: (s: Subject) => `Renamed ${s.data?.n}`,
        level: "APPLICATION",
        description: "changed",
        unlimited: true,
        requestCount: 200,
        unitSeconds: 30,
        burst: 7,
      },
    },
  ],
  "PUT /api/admin/v1/users/{id}": [
    {
      async create(h) {
        const { id } = await makeUser(h.db, `u${h.unique()}`, ["developer", "publisher"]);
        await h.db.user.update({ where: { id }, data: { disabled: true } });
        return { params: { id }, read: () => listed(h, "admin", "/users", (u) => u.id === id) };
      },
      changes: { roles: ["developer"], disabled: false },
    },
  ],
  "PUT /api/admin/v1/users/{id}/nt-hash": [
    {
      async create(h) {
        const { id } = await makeUser(h.db, `nt${h.unique()}`, ["developer"]);
        ok(await h.call("admin", "PUT", `/users/${id}/nt-hash`, { ntHash: "a".repeat(32) }));
        return {
          params: { id },
          read: async () => ({
            ...(await listed(h, "admin", "/users", (u) => u.id === id)),
            ntHashEnc: (await h.db.user.findUniqueOrThrow({ where: { id } })).ntHashEnc,
          }),
        };
      },
      changes: { password: "An-Other-Windows-Password", ntHash: "b".repeat(32) },
      shows: { password: ["ntHashEnc"], ntHash: ["ntHashEnc"] },
      required: ["password"],
      secrets: ["password", "ntHash"],
      auditsWithoutFields: true,
    },
  ],
  "PUT /api/admin/v1/policies/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = ok(
          await h.call("admin", "POST", "/policies", {
            name: `P${n}`,
            description: "a policy",
            content: policyXml(`p${n}`),
            enabled: false,
          }),
          201,
        );
        ok(
          await h.call("admin", "POST", `/policies/${id}/versions`, { content: policyXml(`p${n}`, "v2") }),
          201,
        );
        return {
          params: { id },
          data: { n },
          read: async () => ok(await h.call("admin", "GET", `/policies/${id}`)),
        };
      },
      changes: {
        name: (s: Subject) => `Renamed ${s.data?.n}`,
        description: "changed",
        enabled: true,
        currentVersion: 1,
      },
      shows: { currentVersion: ["currentVersion", "content", "versions"] },
    },
  ],
  "PUT /api/admin/v1/policies/{id}/attachments/{attachmentId}": [
    {
      async create(h) {
        const n = h.unique();
        const policy = ok(await h.call("admin", "POST", "/policies", { content: policyXml(`a${n}`) }), 201);
        const apiId = await simpleApi(h);
        const attachment = ok(
          await h.call("admin", "POST", `/policies/${policy.id}/attachments`, {
            apiId,
            onNotApplicable: "permit",
          }),
          201,
        );
        return {
          params: { id: policy.id, attachmentId: attachment.id },
          read: () => listed(h, "admin", `/policies/${policy.id}/attachments`, (a) => a.id === attachment.id),
        };
      },
      changes: { onNotApplicable: "deny" },
      required: ["onNotApplicable"],
    },
  ],
  "PUT /api/admin/v1/applications/{id}/token-binding": [
    {
      async create(h) {
        const { id } = ok(
          await h.call("devportal", "POST", "/applications", { name: `Bound ${h.unique()}` }),
          201,
        );
        ok(await h.call("admin", "PUT", `/applications/${id}/token-binding`, { dpopRequired: true }));
        return {
          params: { id },
          read: async () => ({
            dpopRequired: (await h.db.application.findUniqueOrThrow({ where: { id } })).dpopRequired,
          }),
        };
      },
      changes: { dpopRequired: false },
      required: ["dpopRequired"],
    },
  ],
  "PUT /api/admin/v1/signup": [
    {
      async create(h) {
        await h.db.platformSetting.upsert({
          where: { key: "signup.enabled" },
          create: { key: "signup.enabled", value: true },
          update: { value: true },
        });
        return { params: {}, read: async () => ok(await h.call("admin", "GET", "/signup")) };
      },
      changes: { enabled: false },
      required: ["enabled"],
    },
  ],
  "PUT /api/admin/v1/client-registration": [
    {
      async create(h) {
        const value = {
          enabled: false,
          requireInitialAccessToken: true,
          requireSoftwareStatement: false,
          softwareStatementJwks: { keys: [{ ...EC_PUBLIC_JWK, kid: "one" }] },
          softwareStatementIssuer: "https://authority.example",
          grantTypes: ["authorization_code", "refresh_token"],
          tokenEndpointAuthMethods: ["client_secret_basic"],
          redirectUriHosts: ["app.example"],
        };
        await h.db.platformSetting.upsert({
          where: { key: "registration.policy" },
          create: { key: "registration.policy", value },
          update: { value },
        });
        return { params: {}, read: async () => ok(await h.call("admin", "GET", "/client-registration")) };
      },
      changes: {
        enabled: true,
        requireInitialAccessToken: false,
        requireSoftwareStatement: true,
        softwareStatementJwks: { keys: [{ ...EC_PUBLIC_JWK, kid: "two" }] },
        softwareStatementIssuer: "https://other-authority.example",
        grantTypes: ["client_credentials"],
        tokenEndpointAuthMethods: ["private_key_jwt", "none"],
        redirectUriHosts: ["*.other.example"],
      },
    },
  ],
  "PUT /api/admin/v1/approval-settings": [
    {
      async create(h) {
        const [first, second] = [await simpleApi(h), await simpleApi(h)];
        // The switches that hold applications and publishing start off (their defaults), so the
        // settings each test leaves behind hold nothing of the suites that run after it; the
        // subscription fields start non-default (no later test subscribes).
        const value = {
          subscriptionsForAllApis: true,
          subscriptionApis: [first],
          subscriptionTiers: ["Bronze"],
          applicationCreation: false,
          applicationTierChange: false,
          apiPublishing: false,
        };
        await h.db.platformSetting.upsert({
          where: { key: "workflows.approvals" },
          create: { key: "workflows.approvals", value },
          update: { value },
        });
        return {
          params: {},
          read: async () => ok(await h.call("admin", "GET", "/approval-settings")),
          data: { second },
        };
      },
      changes: {
        subscriptionsForAllApis: false,
        subscriptionApis: (s: Subject) => [s.data?.second],
        subscriptionTiers: ["Silver", "Gold"],
        applicationCreation: true,
        applicationTierChange: true,
        apiPublishing: true,
      },
    },
  ],
  "PUT /api/admin/v1/webhooks/{id}": [
    {
      async create(h) {
        const created = ok(
          await h.call("admin", "POST", "/webhooks", {
            name: `Hook ${h.unique()}`,
            url: "http://127.0.0.1:1/first",
            environment: "staging",
            events: ["api.deprecated"],
            enabled: false,
          }),
          201,
        );
        return {
          params: { id: created.id },
          read: () => listed(h, "admin", "/webhooks", (w) => w.id === created.id),
        };
      },
      changes: {
        name: () => `Renamed hook ${Math.random().toString(36).slice(2)}`,
        url: "http://127.0.0.1:2/second",
        environment: "partner-eu",
        events: ["key.expiring", "approval.decided"],
        enabled: true,
      },
    },
  ],
};
