import { listRoles } from "@portico/platform";
import { PageHeader } from "@portico/ui";
import { ApiForm } from "@/components/api-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createApiAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function NewApi() {
  const actor = await requireRole("publisher", "admin");
  const roles = (await listRoles(operationContext(actor))).map((r) => r.name);
  return (
    <>
      <PageHeader
        title="Create an API"
        description="Define its resources and the OAuth 2.0 scopes each one needs."
      />
      <ApiForm
        action={createApiAction}
        roles={roles}
        initial={{
          name: "",
          version: "1.0.0",
          context: "",
          description: "",
          tags: "",
          production: "",
          sandbox: "",
          visibility: "PUBLIC",
          backendJwt: false,
          scopes: [],
          resources: [{ method: "GET", path: "/", scopes: [], authRequired: true }],
        }}
      />
    </>
  );
}
