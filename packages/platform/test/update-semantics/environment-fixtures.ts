// Update-semantics fixtures of the admin API's gateway environments and deployment setting.
import { type Fixture, listed, ok } from "./harness";

export const environmentFixtures: Record<string, Fixture[]> = {
  "PUT /api/admin/v1/environments/{name}": [
    {
      async create(h) {
        const name = `env-${h.unique()}`;
        await h.db.gatewayEnvironment.create({
          data: {
            name,
            displayName: "Partner EU",
            description: "for partners",
            httpsUrl: "https://eu.gw.example",
            httpUrl: "http://eu.gw.example",
          },
        });
        return { params: { name }, read: () => listed(h, "admin", "/environments", (e) => e.name === name) };
      },
      changes: {
        displayName: "Partner Europe",
        description: "partners in the EU",
        httpsUrl: "https://europe.gw.example",
        httpUrl: "http://europe.gw.example:8080",
      },
    },
  ],
  "PUT /api/admin/v1/deployment-settings": [
    {
      async create(h) {
        await h.db.platformSetting.upsert({
          where: { key: "deployments.autoDeployOnPublish" },
          create: { key: "deployments.autoDeployOnPublish", value: true },
          update: { value: true },
        });
        return { params: {}, read: async () => ok(await h.call("admin", "GET", "/deployment-settings")) };
      },
      changes: { autoDeployOnPublish: false },
      required: ["autoDeployOnPublish"],
    },
  ],
};
