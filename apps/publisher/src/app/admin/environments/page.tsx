import { getDeploymentSettings, listGatewayEnvironments } from "@portico/platform";
import { Button, Card, Field, inputClass, PageHeader, Table } from "@portico/ui";
import { ActionForm } from "@portico/ui/action-form";
import { requireRole } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { createEnvironmentAction, deleteEnvironmentAction, deploymentSettingsAction } from "./actions";

export const dynamic = "force-dynamic";

const fieldLabels = { name: "Name", displayName: "Display name", httpsUrl: "HTTPS URL", httpUrl: "HTTP URL" };

export default async function EnvironmentsPage() {
  const ctx = operationContext(await requireRole("admin"));
  const [environments, settings] = await Promise.all([
    listGatewayEnvironments(ctx),
    getDeploymentSettings(ctx),
  ]);
  return (
    <>
      <PageHeader
        title="Gateway environments"
        description="Groups of gateways (PORTICO_GATEWAY_ENVIRONMENT) serving the API revisions deployed to them."
      />
      <Table
        head={[
          "Name",
          "Display name",
          "HTTPS URL",
          "HTTP URL",
          <span key="a" className="sr-only">
            Actions
          </span>,
        ]}
      >
        {environments.map((e) => (
          <tr key={e.id}>
            <td className="px-4 py-2 font-mono text-sm">{e.name}</td>
            <td className="px-4 py-2">{e.displayName}</td>
            <td className="px-4 py-2 font-mono text-xs">{e.httpsUrl ?? "the gateway's configured URL"}</td>
            <td className="px-4 py-2 font-mono text-xs">{e.httpUrl ?? "—"}</td>
            <td className="px-4 py-2">
              {e.name !== "default" && (
                <ActionForm
                  action={deleteEnvironmentAction}
                  confirm={{
                    title: `Delete the environment ${e.name}?`,
                    consequence: "An environment APIs are deployed to cannot be deleted.",
                    confirmLabel: "Delete environment",
                  }}
                >
                  <input type="hidden" name="name" value={e.name} />
                  <Button type="submit" tone="ghost" className="text-red-700" aria-label={`Delete ${e.name}`}>
                    Delete
                  </Button>
                </ActionForm>
              )}
            </td>
          </tr>
        ))}
      </Table>
      <Card title="New environment" className="mt-8">
        <ActionForm
          action={createEnvironmentAction}
          className="grid gap-4 sm:grid-cols-2"
          fieldLabels={fieldLabels}
          resetOnSuccess
        >
          <Field label="Name" name="name" hint="Lowercase letters, digits and -, as gateways name it.">
            <input id="name" name="name" required pattern="[a-z0-9-]{1,50}" className={inputClass} />
          </Field>
          <Field label="Display name" name="displayName">
            <input id="displayName" name="displayName" required maxLength={100} className={inputClass} />
          </Field>
          <Field label="HTTPS URL" name="httpsUrl">
            <input
              id="httpsUrl"
              name="httpsUrl"
              type="url"
              required
              placeholder="https://gw.example.com"
              className={inputClass}
            />
          </Field>
          <Field label="HTTP URL" name="httpUrl">
            <input
              id="httpUrl"
              name="httpUrl"
              type="url"
              placeholder="http://gw.example.com"
              className={inputClass}
            />
          </Field>
          <div className="sm:col-span-2">
            <Button type="submit">Create environment</Button>
          </div>
        </ActionForm>
      </Card>
      <Card title="Deploy on first publish" className="mt-8">
        <p className="text-sm text-slate-600">
          {settings.autoDeployOnPublish
            ? "On: publishing an API that was never deployed deploys it as a revision to default, so it is callable at once."
            : "Off: a published API is served only once a publisher deploys a revision."}
        </p>
        <ActionForm action={deploymentSettingsAction} className="mt-3">
          <input
            type="hidden"
            name="autoDeployOnPublish"
            value={settings.autoDeployOnPublish ? "false" : "true"}
          />
          <Button type="submit" tone="secondary">
            {settings.autoDeployOnPublish ? "Turn off" : "Turn on"}
          </Button>
        </ActionForm>
      </Card>
    </>
  );
}
