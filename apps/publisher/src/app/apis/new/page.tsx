import {
  listApiKeyManagers,
  listResourceTiers,
  listRoles,
  listSharedScopes,
  listSubscriptionTiers,
} from "@portico/platform";
import { PageHeader } from "@portico/ui";
import { ApiForm } from "@/components/api-form";
import { settingsOf } from "@/components/api-settings-value";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createApiAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function NewApi() {
  const actor = await requireRole("publisher", "admin");
  const ctx = operationContext(actor);
  const [roles, tiers, keyManagers, sharedScopes, resourceTiers] = await Promise.all([
    listRoles(ctx).then((rs) => rs.map((r) => r.name)),
    listSubscriptionTiers(ctx),
    listApiKeyManagers(ctx),
    listSharedScopes(ctx).then((ss) => ss.map((x) => x.name)),
    listResourceTiers(ctx).then((ts) => ts.map((t) => t.name)),
  ]);
  return (
    <>
      <PageHeader
        title="Create an API"
        description="Define its resources and the OAuth 2.0 scopes each one needs."
      />
      <ApiForm
        action={createApiAction}
        roles={roles}
        options={{ tiers, keyManagers }}
        sharedScopes={sharedScopes}
        resourceTiers={resourceTiers}
        initial={{
          name: "",
          version: "1.0.0",
          context: "",
          description: "",
          tags: "",
          production: "",
          sandbox: "",
          productionFailovers: "",
          sandboxFailovers: "",
          loadBalance: false,
          visibility: "PUBLIC",
          // every subscription tier offered and no key manager rows (= the resident one), as the API's defaults
          settings: settingsOf({
            tiers: tiers.map((t) => t.name),
            keyManagers: [],
            cors: {},
            backendJwt: {},
          }),
          scopes: [],
          resources: [{ method: "GET", path: "/", scopes: [], authRequired: true }],
        }}
      />
    </>
  );
}
