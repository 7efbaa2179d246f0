import { PageHeader } from "@portico/ui";
import { ImportForm } from "@/components/import-form";
import { requireRole } from "@/server/auth";

export const dynamic = "force-dynamic";

export default async function ImportApi() {
  await requireRole("publisher", "admin");
  return (
    <>
      <PageHeader
        title="Import an OpenAPI document"
        description="OpenAPI 3.0 or 3.1, JSON or YAML: its operations become resources and its OAuth 2.0 scopes become the API's scopes."
      />
      <ImportForm />
    </>
  );
}
