// Update-semantics fixtures of the developer portal REST API.
import { type Fixture, listed, ok, type Subject } from "./harness";

export const devportalFixtures: Record<string, Fixture[]> = {
  "PUT /api/devportal/v1/applications/{id}": [
    {
      async create(h) {
        const n = h.unique();
        const { id } = ok(
          await h.call("devportal", "POST", "/applications", {
            name: `App ${n}`,
            description: "an application",
            tokenType: "OPAQUE",
            defaultValidity: 7200,
            tier: "50PerMin",
          }),
          201,
        );
        return {
          params: { id },
          data: { n },
          read: async () => ok(await h.call("devportal", "GET", `/applications/${id}`)),
        };
      },
      changes: {
        name: (s: Subject) => `Renamed ${s.data?.n}`,
        description: "changed",
        tokenType: "JWT",
        defaultValidity: 600,
        tier: "10PerMin",
      },
    },
  ],
  "PUT /api/devportal/v1/applications/{id}/keys/{keyType}": [
    {
      async create(h) {
        const { id } = ok(
          await h.call("devportal", "POST", "/applications", { name: `Keys ${h.unique()}` }),
          201,
        );
        ok(
          await h.call("devportal", "POST", `/applications/${id}/keys`, {
            keyType: "PRODUCTION",
            grantTypes: ["client_credentials", "authorization_code"],
            callbackUrls: ["https://app.example/cb"],
            pkceRequired: false,
          }),
          201,
        );
        return {
          params: { id, keyType: "PRODUCTION" },
          read: () => listed(h, "devportal", `/applications/${id}/keys`, (k) => k.keyType === "PRODUCTION"),
        };
      },
      changes: {
        grantTypes: ["client_credentials"],
        callbackUrls: ["https://app.example/other"],
        pkceRequired: true,
      },
    },
  ],
};
