// Update-semantics fixtures of the publisher REST API.
import { type Fixture, listed, ok, type Subject, simpleApi } from "./harness";

export const publisherFixtures: Record<string, Fixture[]> = {
  "PUT /api/publisher/v1/apis/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const scope = `full${n}:read`;
        const api = ok(
          await h.call("publisher", "POST", "/apis", {
            name: `Full ${n}`,
            version: "1.0.0",
            context: `/full${n}`,
            description: "every field set",
            tags: ["alpha"],
            endpoints: {
              production: "https://prod.example/api",
              sandbox: "https://sandbox.example/api",
              productionFailovers: ["https://prod2.example/api"],
              sandboxFailovers: ["https://sandbox2.example/api"],
              loadBalance: true,
            },
            transports: ["https", "http"],
            visibility: "RESTRICTED",
            visibleRoles: ["publisher"],
            isDefaultVersion: true,
            cors: {
              enabled: true,
              allowOrigins: ["https://app.example"],
              allowMethods: ["GET"],
              allowHeaders: ["x-custom"],
              allowCredentials: true,
              maxAge: 60,
            },
            backendJwt: {
              enabled: true,
              header: "X-Backend",
              expirySeconds: 120,
              claims: { dept: "department" },
            },
            forwardAuthorization: true,
            allowMethodOverride: true,
            gatewayPolicies: [
              {
                policy: "header-mediation",
                resource: { method: "GET", path: "/items/{id}" },
                config: { headers: [{ action: "set", name: "X-Tenant", value: "{claims.org}" }] },
              },
            ],
            tiers: ["Gold"],
            keyManagers: ["Resident Key Manager"],
            scopes: [{ name: scope, displayName: "Read", description: "reads", roles: ["developer"] }],
            resources: [
              {
                method: "GET",
                path: "/items/{id}",
                scopes: [scope],
                authRequired: false,
                description: "one item",
                throttlingTier: "Unlimited",
              },
            ],
          }),
          201,
        );
        // published, so the rules about a published API's definition apply too
        ok(await h.call("publisher", "POST", `/apis/${api.id}/lifecycle`, { action: "publish" }));
        return {
          params: { id: api.id },
          data: { n, scope },
          read: async () => ok(await h.call("publisher", "GET", `/apis/${api.id}`)),
        };
      },
      changes: {
        name: (s: Subject) => `Renamed ${s.data?.n}`,
        description: "changed",
        tags: ["beta"],
        endpoints: { production: "https://other.example/api" },
        transports: ["https"],
        visibility: "PUBLIC",
        visibleRoles: ["developer"],
        isDefaultVersion: false,
        cors: { enabled: false },
        backendJwt: { enabled: false },
        forwardAuthorization: false,
        allowMethodOverride: false,
        gatewayPolicies: [
          { policy: "header-mediation", config: { query: [{ action: "remove", name: "debug" }] } },
        ],
        tiers: ["Silver"],
        keyManagers: [],
        scopes: (s: Subject) => [
          { name: s.data?.scope, displayName: "Read", description: "changed", roles: ["developer"] },
        ],
        resources: (s: Subject) => [
          {
            method: "GET",
            path: "/items/{id}",
            scopes: [s.data?.scope],
            authRequired: true,
            description: "one item",
            throttlingTier: "Unlimited",
          },
        ],
      },
      shows: { isDefaultVersion: ["isDefaultVersion", "gatewayUrls"] },
    },
  ],
  "PUT /api/publisher/v1/apis/{id}/security-schemes": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = ok(
          await h.call("publisher", "POST", "/apis", {
            name: `Schemes${n}`,
            version: "1",
            context: `/schemes${n}`,
            resources: [
              { method: "GET", path: "/a" },
              { method: "GET", path: "/b" },
            ],
          }),
          201,
        );
        ok(
          await h.call("publisher", "PUT", `/apis/${id}/security-schemes`, {
            oauth2: { enabled: true, dpop: "required" },
            apiKey: { enabled: true, header: "x-key", queryParameter: "key", resources: ["GET /a"] },
            mutualTls: { enabled: true },
            require: "all",
          }),
        );
        return {
          params: { id },
          read: async () => ok(await h.call("publisher", "GET", `/apis/${id}`)).securitySchemes,
        };
      },
      changes: {
        oauth2: { enabled: true, dpop: "optional" },
        apiKey: { enabled: true, header: "apikey", resources: ["GET /b"] },
        mutualTls: { enabled: false },
        require: "any",
      },
    },
  ],
  "PUT /api/publisher/v1/apis/{id}/documents/{docId}": [
    {
      async create(h) {
        const apiId = await simpleApi(h);
        const doc = ok(
          await h.call("publisher", "POST", `/apis/${apiId}/documents`, {
            name: "Guide",
            type: "SAMPLES",
            content: "# Hello",
          }),
          201,
        );
        return {
          params: { id: apiId, docId: doc.id },
          read: async () => ok(await h.call("publisher", "GET", `/apis/${apiId}/documents/${doc.id}`)),
        };
      },
      changes: {
        name: "Other guide",
        type: "OTHER",
        content: "# Changed",
        sourceUrl: "https://docs.example/guide",
      },
      // a document is content or a link: setting the link clears the content
      shows: { sourceUrl: ["sourceUrl", "content"] },
    },
  ],
  "PUT /api/publisher/v1/scopes/{name}": [
    {
      async create(h) {
        const name = `shared${h.unique()}:read`;
        ok(
          await h.call("publisher", "POST", "/scopes", {
            name,
            displayName: "Shared",
            description: "reads",
            roles: ["developer"],
            public: true,
          }),
          201,
        );
        return {
          params: { name },
          read: () => listed(h, "publisher", "/scopes", (s) => s.name === name),
        };
      },
      changes: { displayName: "Other", description: "changed", roles: ["publisher"], public: false },
    },
  ],
};
